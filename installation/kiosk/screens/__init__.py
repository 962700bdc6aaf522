"""One module and one .kv file per screen; each screen's name is the journey state it draws."""

from .attract import AttractScreen
from .debate import DebateScreen
from .erased import ErasedScreen
from .error import ErrorScreen
from .ledger import LedgerScreen
from .offer import OfferScreen
from .reflection import ReflectionScreen
from .result import ResultScreen
from .scenario import ScenarioScreen
from .welcome import WelcomeScreen

ALL = (
    AttractScreen,
    WelcomeScreen,
    ScenarioScreen,
    ResultScreen,
    LedgerScreen,
    DebateScreen,
    OfferScreen,
    ReflectionScreen,
    ErasedScreen,
    ErrorScreen,
)
