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

# Each screen by its name (the journey state it draws), in the order a visit meets them: the
# order in which they are made after the first frame (KioskScreenManager).
ALL = {
    "attract": AttractScreen,
    "welcome": WelcomeScreen,
    "scenario": ScenarioScreen,
    "result": ResultScreen,
    "ledger": LedgerScreen,
    "debate": DebateScreen,
    "offer": OfferScreen,
    "reflection": ReflectionScreen,
    "erased": ErasedScreen,
    "error": ErrorScreen,
}
