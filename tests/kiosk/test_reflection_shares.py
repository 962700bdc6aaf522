"""What other visitors answered, on the reflection screen: shares appear from 20 answers, and an
answer given by fewer than 5 others shows no share of its own (core.anonymity)."""

from installation.core.visit import Journey
from installation.kiosk.views import question_views


def test_an_answer_fewer_than_5_others_gave_shows_no_share(shipped_content):
    exhibit = shipped_content.exhibit("en")
    question = exhibit.questions[0]
    first, second = question.answers[0].id, question.answers[1].id
    journey = Journey(exhibit)
    journey.visit_data.answers[question.id] = first

    view = question_views(journey, exhibit, {question.id: {first: 18, second: 2}})[0]
    shares = {answer.id: answer.share for answer in view.answers}

    assert shares[first] == "90%"  # as English writes it (CLDR, through Babel)
    assert shares[second] == ""  # two people: no "10%"
