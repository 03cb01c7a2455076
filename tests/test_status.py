"""Renewals, cancellations and series orders over the parse, on sentences written for the tests.

Every show, network pairing and sentence here is made up; each case is one general English
construction ("NBC renewed A, B and C", "X was canceled after two seasons", ...).
"""

from __future__ import annotations

import pytest

from pipeline.patterns.status import article_status


def status(parse, text: str) -> list[tuple]:
    doc = parse(text)
    return sorted(
        (c.kind, c.series, c.season, c.network, c.polarity)
        for c in article_status(doc._.tv_status or [])
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Netflix has renewed Wayfarers for a third season.",
            [("renewal", "Wayfarers", 3, "Netflix", "asserted")],
        ),
        (
            "Hulu renewed Cold Harbor, Ashfall and The Long Night on Monday.",
            [
                ("renewal", "Ashfall", None, "Hulu", "asserted"),
                ("renewal", "Cold Harbor", None, "Hulu", "asserted"),
                ("renewal", "The Long Night", None, "Hulu", "asserted"),
            ],
        ),
        (
            "Tidewater and Blue Meridian were both picked up by Peacock for second seasons.",
            [
                ("renewal", "Blue Meridian", 2, "Peacock", "asserted"),
                ("renewal", "Tidewater", 2, "Peacock", "asserted"),
            ],
        ),
        (
            "Riverside Station was renewed for a 15th season.",
            [("renewal", "Riverside Station", 15, None, "asserted")],
        ),
        (
            "The Quiet Room is officially coming back for a fifth season.",
            [("renewal", "The Quiet Room", 5, None, "asserted")],
        ),
        (
            "The network also said that Hollow Pines, renewed for season 4, will move to Fridays.",
            [("renewal", "Hollow Pines", 4, None, "asserted")],
        ),
        (
            "Ashfall has reportedly been renewed for Season 3 at Starz.",
            [("renewal", "Ashfall", 3, "Starz", "hedged")],
        ),
        (
            "Ashfall hasn't been renewed for a third season yet.",
            [("renewal", "Ashfall", 3, None, "negated")],
        ),
        (
            "Fox canceled Night Harbor after two seasons.",
            [("cancellation", "Night Harbor", 2, "Fox", "asserted")],
        ),
        (
            "Night Harbor has been axed by ABC.",
            [("cancellation", "Night Harbor", None, "ABC", "asserted")],
        ),
        (
            "Night Harbor will end with its fifth season next year.",
            [("cancellation", "Night Harbor", 5, None, "asserted")],
        ),
        (
            "Hollow Pines will not return for a fourth season.",
            [("cancellation", "Hollow Pines", None, None, "asserted")],
        ),
        (
            "Hollow Pines still isn't officially canceled.",
            [("renewal", "Hollow Pines", None, None, "negated")],
        ),
        (
            # a pending decision about a return is a renewal not made yet, not a cancellation
            "Hulu has yet to decide whether Hollow Pines will return for Season 3.",
            [("renewal", "Hollow Pines", 3, "Hulu", "negated")],
        ),
        (
            # a pending word elsewhere in the sentence leaves an earlier cancellation asserted
            "Ashfall remains on the bubble, a year after the show was cancelled by Fox.",
            [
                ("cancellation", "Ashfall", None, "Fox", "asserted"),
                ("renewal", "Ashfall", None, "Fox", "negated"),
            ],
        ),
        (
            "FX has ordered Glass Houses to series.",
            [("order", "Glass Houses", None, "FX", "asserted")],
        ),
        (
            "Glass Houses has been greenlit at Hulu.",
            [("order", "Glass Houses", None, "Hulu", "asserted")],
        ),
        (
            "These are the shows Hulu cancelled after one season, including Blue Meridian "
            "and Cold Harbor.",
            [
                ("cancellation", "Blue Meridian", 1, "Hulu", "asserted"),
                ("cancellation", "Cold Harbor", 1, "Hulu", "asserted"),
            ],
        ),
        (
            "Shows Tidewater and The Long Night are also among the cancelled shows.",
            [
                ("cancellation", "The Long Night", None, None, "asserted"),
                ("cancellation", "Tidewater", None, None, "asserted"),
            ],
        ),
        (
            "Burning Bridges ran for five seasons on Starz.",
            [("cancellation", "Burning Bridges", 5, "Starz", "asserted")],
        ),
        (
            "Riverside Station Has Been Renewed For Season 2\nThe news came today.",
            [("renewal", "Riverside Station", 2, None, "asserted")],
        ),
        (
            "Hulu Renews Blue Meridian and Cold Harbor, Ashfall May Not Return\nMore soon.",
            [
                ("renewal", "Blue Meridian", None, "Hulu", "asserted"),
                ("renewal", "Cold Harbor", None, "Hulu", "asserted"),
            ],
        ),
        (
            # a title that starts with a given name is still a title in a series slot
            "Meanwhile, Bob Loves Marisol has been renewed for Season 4.",
            [("renewal", "Bob Loves Marisol", 4, None, "asserted")],
        ),
        (
            # the show's current season makes the renewal the next one
            "Starz renewed Cold Harbor on Monday. The renewal comes as the series approaches "
            "its season 2 finale.",
            [("renewal", "Cold Harbor", 3, "Starz", "asserted")],
        ),
        (
            "The Salt Marsh prequel series was given a ten-episode order by Hulu.",
            [("order", "The Salt Marsh", None, "Hulu", "asserted")],
        ),
        (
            "The network's newest commission is a six-part drama series Nine Lives Left.",
            [("order", "Nine Lives Left", None, None, "asserted")],
        ),
        (
            "Hulu gave Tidewater a two-season order in 2021, before any episode aired.",
            [
                ("order", "Tidewater", None, "Hulu", "asserted"),
                ("renewal", "Tidewater", 2, "Hulu", "asserted"),
            ],
        ),
        (
            # roundup headings: title, network, status label
            "Where things stand.\nHollow Pines (FX) -- RENEWED\nGood news.\n"
            "Night Harbor (ABC) -- CANCELED\nBad news.\nAshfall (NBC) -- CANCELLATION LIKELY\n",
            [
                ("cancellation", "Night Harbor", None, "ABC", "asserted"),
                ("renewal", "Ashfall", None, "NBC", "negated"),
                ("renewal", "Hollow Pines", None, "FX", "asserted"),
            ],
        ),
        (
            # the title before a parenthetical set off by commas
            "Hulu's legal drama GLASSWORK, starring Ana Lutz, has received a second season order.",
            [("renewal", "Glasswork", 2, "Hulu", "asserted")],  # all-caps title, title-cased
        ),
        (
            # a gapped second clause shares the first one's season
            "Hulu said Tidewater will be returning for a second season, and Blue Meridian "
            "has also been renewed.",
            [
                ("renewal", "Blue Meridian", 2, "Hulu", "asserted"),
                ("renewal", "Tidewater", 2, "Hulu", "asserted"),
            ],
        ),
        (
            # the season the article states without naming a series
            "Peacock is handing out Season 2 orders to its new shows. Tidewater and Blue Meridian "
            "have both been renewed.",
            [
                ("renewal", "Blue Meridian", 2, "Peacock", "asserted"),
                ("renewal", "Tidewater", 2, "Peacock", "asserted"),
            ],
        ),
        (
            # the article's season goes to the renewals handed out, not to one still pending
            "Peacock is handing out Season 2 orders to its new shows. Tidewater has been "
            "renewed, while Ashfall is still awaiting word on its fate.",
            [
                ("renewal", "Ashfall", None, "Peacock", "negated"),
                ("renewal", "Tidewater", 2, "Peacock", "asserted"),
            ],
        ),
        (
            "Glass Houses was picked up for two seasons by Hulu.",
            [
                ("order", "Glass Houses", None, "Hulu", "asserted"),
                ("renewal", "Glass Houses", 2, "Hulu", "asserted"),
            ],
        ),
        (
            "All of the network's dramas got second season orders, including Ashfall and "
            "The Long Night.",
            [
                ("renewal", "Ashfall", 2, None, "asserted"),
                ("renewal", "The Long Night", 2, None, "asserted"),
            ],
        ),
        (
            # a title compounded on a person's credit ("X star") is not the series
            "Peacock has renewed Harbor Lights star Dana Whitfield's new comedy Tin Roof for a "
            "second season.",
            [("renewal", "Tin Roof", 2, "Peacock", "asserted")],
        ),
        (
            # an apposition describes the series; a title inside it is another work
            "Saltmarsh, NBC's Cold Harbor spinoff series, was renewed by the network for a "
            "third season.",
            [("renewal", "Saltmarsh", 3, "NBC", "asserted")],
        ),
        (
            # "the Starz drama" is the series named last before it, in its own sentence
            "Cold Harbor ran for six seasons, and Ashfall was meant to last for only two, though "
            "the Starz drama was later brought back for a third and final outing.",
            [
                ("cancellation", "Ashfall", 3, "Starz", "asserted"),
                ("cancellation", "Cold Harbor", 6, "Starz", "asserted"),
                ("renewal", "Ashfall", 3, "Starz", "asserted"),
            ],
        ),
        (
            "Tidewater was renewed in May. Hulu seems to have moved on from its legal drama "
            "Ashfall, though it hasn't officially canceled it.",
            [
                ("renewal", "Ashfall", None, "Hulu", "negated"),
                ("renewal", "Tidewater", None, None, "asserted"),
            ],
        ),
        (
            "Young Saltmarsh, Hulu's Cold Harbor prequel series, was renewed for a third season.",
            [("renewal", "Young Saltmarsh", 3, "Hulu", "asserted")],
        ),
        (
            "Filming for the third series of the BBC's crime drama Saltmarsh has begun.",
            [("renewal", "Saltmarsh", 3, "BBC", "asserted")],
        ),
        (
            # a list of described titles; "all" floats off the subject; a name before a head
            # noun ("the Dana Holt drama X") or after "starring" is no member
            "Hulu said the legal drama Ashfall starring Mia Tran, the anthology series Tin Roof, "
            "and the Dana Holt drama Glass Houses have all been renewed.",
            [
                ("renewal", "Ashfall", None, "Hulu", "asserted"),
                ("renewal", "Glass Houses", None, "Hulu", "asserted"),
                ("renewal", "Tin Roof", None, "Hulu", "asserted"),
            ],
        ),
        (
            "Wayfarers, starring Tom Reyes, has also gotten the Season 2 go-ahead from Netflix.",
            [("renewal", "Wayfarers", 2, "Netflix", "asserted")],
        ),
        (
            # inversion: the predicate of "is" is the series
            "Also awaiting word on its fate is the Hulu thriller Glass Houses.",
            [("renewal", "Glass Houses", None, "Hulu", "negated")],
        ),
        (
            "One more Hulu series still awaiting word on its fate is the thriller Glass Houses.",
            [("renewal", "Glass Houses", None, "Hulu", "negated")],
        ),
        (
            "Returning to ITV for a feature-length special is the detective drama Saltmarsh.",
            [("renewal", "Saltmarsh", None, "ITV", "asserted")],
        ),
        (
            # work on a later season: the series was renewed for it
            "Filming on the second season of Saltmarsh has begun in Leeds.",
            [("renewal", "Saltmarsh", 2, None, "asserted")],
        ),
        (
            "Production is already underway on Tin Roof Season 2.",
            [("renewal", "Tin Roof", 2, None, "asserted")],
        ),
        (
            "Second season of Hulu's Glass Houses begins filming",
            [("renewal", "Glass Houses", 2, "Hulu", "asserted")],
        ),
        (
            "Netflix has confirmed a fourth season of Wayfarers.",
            [("renewal", "Wayfarers", 4, "Netflix", "asserted")],
        ),
        (
            "It's Ashfall season 3 that has been confirmed now.",
            [("renewal", "Ashfall", 3, None, "asserted")],
        ),
    ],
)
def test_status_constructions(default_parse, text: str, expected: list[tuple]) -> None:
    assert status(default_parse, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Will Wayfarers return for a second season?",  # a question claims nothing
        "Wayfarers returns on Sunday at 9pm.",  # a premiere time, not a renewal
        "He renewed his contract with the team.",  # no series
        "The order of events is unclear.",
        "She was cast in the pilot last year.",
        "Fans of Law & Order were thrilled by the finale.",  # "Order" is part of a title
        "The network is in talks about renewing Wayfarers.",  # speculation
        "Hollow Pines is running for its third season.",  # still on the air
        "Wayfarers ended up working for the network.",  # "end up" is no ending
        "The finale found Riverside Hospital ordered to close its doors.",  # a command
        # shows in general, not the one named before
        "Wayfarers is a hit. Streamers have renewed their freshman shows more often lately.",
        # people and characters come back; a series is renewed
        "Dana Whitfield is back for season two and is once again playing the mayor.",
        # shows in general
        "Basically all Netflix Originals get renewed.",
        # speculation alone
        "Wayfarers drew four million viewers for its second season, and a renewal seemed "
        "inevitable.",
        # a first season, or a season that is not the subject of the confirming
        "Netflix confirmed that the rest of Season 1 will air in June.",
        "Filming on the first season of Saltmarsh has begun.",
        "Few details of Ashfall season 3 have been confirmed.",
    ],
)
def test_no_status_claim(default_parse, text: str) -> None:
    assert status(default_parse, text) == []
