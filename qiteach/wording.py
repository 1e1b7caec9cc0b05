"""What a participant's words mean: the shared reading behind the exercise checks.

The self-checks (:mod:`qiteach.exercises`, :func:`qiteach.aims.check_aim`,
:func:`qiteach.measures.check_definition`, the PDSA planner) judge meaning, not
only form. The judgements they share live here, each a small, documented
heuristic that returns a plain-English reason (or None when the words pass):

- :func:`nonsense`: repeated words, keyboard mashes, words that say nothing;
- :func:`solution_not_cause`: "Send more reminders" is a change idea, not a cause;
- :func:`action_not_factor`: a driver is a condition ("Patients remember"), not
  an action ("Send more text reminders");
- :func:`countable`: a measure names something that can be counted or timed;
- :func:`date_problem`: "soon" and "tbc" are not dates; "next Tuesday" and
  "w/c 19 January" are;
- :func:`direction_conflict`: "reduce ... from 20 to 40" contradicts itself;
- :func:`closest`: the choice a learner meant, through aliases and typos.

It is a teaching aid, not a parser: where it cannot tell, a check should ask.
Nothing here imports the rest of qiteach.

>>> nonsense("the the the")
'"the the the" repeats one word: say what you mean in a few words.'
>>> nonsense("Forgot the appointment") is None
True
>>> closest("chnage idea", {"change idea": "change idea", "aim": "aim"})
'change idea'
"""

from __future__ import annotations

import difflib
import numbers
import re
from collections.abc import Mapping

__all__ = [
    "NUMBER_WORDS",
    "action_not_factor",
    "closest",
    "content_words",
    "countable",
    "date_problem",
    "direction_conflict",
    "direction_of",
    "from_to",
    "key",
    "nonsense",
    "number_in",
    "outcome_not_action",
    "solution_not_cause",
    "vague_person",
]


def _split(text: str) -> list[str]:
    return text.split()


#: numbers people write in words, for "four cycles" and "about half"
NUMBER_WORDS: dict[str, float] = {
    w: float(i)
    for i, w in enumerate(_split("zero one two three four five six seven eight nine ten eleven"))
} | {"twelve": 12.0, "twenty": 20.0, "thirty": 30.0, "forty": 40.0, "fifty": 50.0, "hundred": 100.0}

_STOPWORDS = frozenset(
    _split(
        "a an the and or but of to in on at by for with from into onto is are was were be been "
        "it its this that these those we i you he she they them our my your their his her us me "
        "so as if then than there here do does did not no yes will would should could can may "
        "just very really some any all"
    )
)
#: obvious placeholders
_JUNK = frozenset(
    _split(
        "xxx xx foo bar baz blah bla test testing lorem ipsum idk dunno nothing whatever "
        "something stuff things tbc tbd na"
    )
)
#: letters typed along a keyboard row or the alphabet: "qwerty", "asdf", "abc", "xyz"
_RUNS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")
#: abbreviations without vowels that are real words in general practice
_ACRONYMS = frozenset(
    _split(
        "gp gps msk pcn pcns hca hcas sms cqc nhs dnr ct mri ecg bp bmi rn hrt std sti ppm smr "
        "smrs dn mdt tv pm hrs wks yrs pts mths ppl dr mr mrs ms st"
    )
)
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def key(text: object) -> str:
    """Lower case, punctuation to spaces, one space between words.

    >>> key("  Change-Idea. ")
    'change idea'
    """
    return " ".join(re.sub(r"[^\w\s%]", " ", str(text).lower().replace("_", " ")).split())


def content_words(text: str) -> list[str]:
    """The words that carry meaning: not stop words, not numbers.

    >>> content_words("DNAs will fall from 3 a week to 1")
    ['dnas', 'fall', 'week']
    """
    return [
        w
        for w in _WORD.findall(str(text).lower())
        if w not in _STOPWORDS and not w.isdigit() and w not in NUMBER_WORDS
    ]


def _junk_word(word: str) -> bool:
    letters = re.sub(r"[^a-z]", "", word)
    if not letters:
        return False
    if word in _JUNK or (len(letters) >= 3 and any(letters in run for run in _RUNS)):
        return True
    if letters in _ACRONYMS or len(letters) < 3:
        return False
    if not re.search(r"[aeiouy]", letters) or re.fullmatch(r"(.)\1+", letters):
        return True  # "zxcv", "aaaa"
    return not re.search(r"[aeiou]", letters) and len(letters) > 3


def nonsense(text: object) -> str | None:
    """Why ``text`` says nothing a reader could use, or None when it reads as words.

    Catches a repeated word ("the the the", "patients patients"), only filler
    words ("the", "stuff"), and keyboard mashes ("xyz", "asdf qwerty").

    >>> nonsense("xyz")
    '"xyz" does not read as words: write it out in plain English.'
    >>> nonsense("patients patients patients")
    '"patients patients patients" repeats one word: say what you mean in a few words.'
    >>> nonsense("SMS") is None, nonsense("Dr Hale") is None, nonsense("1 GP") is None
    (True, True, True)
    """
    raw = " ".join(str(text or "").split())
    words = _WORD.findall(raw.lower())
    if not words:
        return None if re.search(r"\d", raw) else f'"{raw}" has no words in it.'
    if len(words) > 1 and len(set(words)) == 1:
        return f'"{raw}" repeats one word: say what you mean in a few words.'
    meaningful = [w for w in words if w not in _STOPWORDS and not _junk_word(w)]
    if not meaningful and not re.search(r"\d", raw):
        if all(w in _STOPWORDS for w in words):
            return f'"{raw}" is only small words: say what you mean in a few words.'
        return f'"{raw}" does not read as words: write it out in plain English.'
    if all(_junk_word(w) for w in words if w not in _STOPWORDS):
        return f'"{raw}" does not read as words: write it out in plain English.'
    return None


#: verbs that open an instruction: "Send ...", "Introduce ..."
_IMPERATIVE = (
    r"send|introduce|use|offer|add|create|set\s+up|give|start|make|implement|text|ring|call|"
    r"phone|remind|train|change|move|book|install|stop|provide|improve|reduce|increase|ask|"
    r"update|let|allow|put|hire|employ|recruit|buy|get|run|email|write|check|contact|invite|"
    r"launch|develop|design|review|audit|publish|display|print|post|run|hold|share|switch|"
    r"replace|extend|open|close|block|ban|charge|fine|enforce|encourage|educate|tell|promote"
)
_SOLUTION = re.compile(
    rf"^\s*(?:{_IMPERATIVE})\b"
    r"|^\s*(?:more|extra|additional|better|new|improved|improve|increased|bigger|further)\s+\w+"
    r"|\b(?:should|must|need\s+to|needs\s+to|ought\s+to)\b|\b(?:needed|required|wanted)\s*[.!]?$"
    r"|\bfor\s+(?:everyone|everybody|all(?:\s+patients)?)\s*[.!]?$",
    re.IGNORECASE,
)
#: words that mark a statement of what happens or went wrong (a cause), not an instruction
_STATEMENT = re.compile(
    r"\b(?:is|are|was|were|went|goes|gets|got|had|has|have|did|does|didn't|doesn't|don't|"
    r"can't|cannot|couldn't|won't|isn't|aren't|wasn't|no|not|never|lack|lacks|without|unable|"
    r"forgot|forget\w*|too|unclear|confus\w*|unaware|out\s+of\s+date|wrong|hard|difficult)\b",
    re.IGNORECASE,
)
_WISH = re.compile(
    r"^\s*(?:i|we|i'd|we'd)\s+(?:want|would\s+like|like|need|wish|fancy|love|hope)\b", re.I
)


def solution_not_cause(text: str) -> str | None:
    """Why ``text`` reads as a solution or a wish rather than a cause, or None.

    >>> solution_not_cause("Send more reminders")
    '"Send more reminders" sounds like a solution (a change idea), not a cause.'
    >>> solution_not_cause("More text reminders")
    '"More text reminders" sounds like a solution (a change idea), not a cause.'
    >>> solution_not_cause("Text message went to a landline") is None
    True
    >>> solution_not_cause("No reminder for people without a mobile") is None
    True
    """
    clean = " ".join(str(text).split())
    if _WISH.search(clean):
        return f'"{clean}" is a wish, not a reason why patients miss appointments.'
    if not _SOLUTION.search(clean):
        return None
    first = re.match(r"\s*(\w+)\s+(\w+)", clean)
    # "Text message went to a landline": the first word is a noun in a statement
    if (
        first
        and _STATEMENT.search(clean)
        and not re.search(r"\b(?:should|must|need\s+to|needs\s+to|needed|required)\b", clean, re.I)
    ):
        opener = first.group(1).lower()
        if opener in {"text", "call", "phone", "book", "change", "check", "review", "post"}:
            return None
        if re.match(r"(?:more|extra|new|better)\b", opener) is None and _STATEMENT.search(
            clean[len(first.group(1)) :]
        ):
            return None
    return f'"{clean}" sounds like a solution (a change idea), not a cause.'


def action_not_factor(text: str) -> str | None:
    """Why a driver's text reads as an action (a change idea), or None for a factor.

    Drivers name conditions that must hold ("Patients remember their
    appointment"); actions ("Send more text reminders") are change ideas.

    >>> action_not_factor("Send more text reminders")
    '"Send more text reminders" is an action (a change idea), not a driver: ...'
    >>> action_not_factor("Reminders reach patients at the right time") is None
    True
    >>> action_not_factor("Contact details are up to date") is None
    True
    """
    clean = " ".join(str(text).split())
    # "Contact details are up to date": the first word is a noun of a statement
    statement = re.match(
        r"^\s*\w+\s+(?:[\w-]+\s+)?(?:is|are|was|were|reach\w*|get|gets|have|has|can|stay|"
        r"remain\w*|match\w*|feel\w*|know\w*)\b",
        clean,
        re.I,
    )
    if re.match(rf"^\s*(?:{_IMPERATIVE}|set\s+up)\b", clean, re.I) and not statement:
        return (
            f'"{clean}" is an action (a change idea), not a driver: a driver names what must '
            'be true for the aim, e.g. "Patients remember their appointment".'
        )
    return None


def outcome_not_action(text: str) -> str | None:
    """Why a change idea reads as an outcome or condition rather than something to try.

    >>> outcome_not_action("Patients remember")
    '"Patients remember" says what should be true, not what you will try: ...'
    >>> outcome_not_action("SMS reminder 24 hours before") is None
    True
    """
    clean = " ".join(str(text).split())
    if re.search(
        r"^\s*(?:the\s+)?(?:patients?|staff|people|cancelling|reminders?|calls?|appointments?)"
        r"\s+(?:is|are|can|will|remember\w*|feel\w*|know\w*|understand\w*|get|become|stay)\b",
        clean,
        re.I,
    ):
        return (
            f'"{clean}" says what should be true, not what you will try: a change idea is an '
            'action you can test, e.g. "Text a reminder the day before".'
        )
    return None


#: nouns that can be counted, timed or measured in general practice
_COUNT_NOUNS = (
    r"dnas?|calls?|appointments?|patients?|people|reviews?|referrals?|complaints?|errors?|"
    r"incidents?|visits?|admissions?|attendances?|prescriptions?|items?|minutes?|mins?|"
    r"seconds?|hours?|days?|weeks?|months?|texts?|messages?|reminders?|cancellations?|"
    r"bookings?|slots?|falls?|tests?|results?|checks?|vaccinations?|jabs?|invitations?|"
    r"letters?|requests?|consultations?|smrs?|waits?|waiting|time|times|score|scores|uptake|"
    r"hba1c|blood\s+pressure|readings?|queries|query|forms?|records?|replies|responses?|"
    r"queue|abandoned|answered|attended|booked|missed|cancelled|completed|returned"
)
_COUNTABLE = re.compile(
    rf"%|\bper\b|\b(?:rate|number|count\w*|tally|proportion|percentage|percent|ratio|"
    rf"average|mean|median|total|how\s+many|how\s+long|{_COUNT_NOUNS})\b",
    re.IGNORECASE,
)


def countable(text: str) -> bool:
    """True when ``text`` names something that can be counted, timed or measured.

    >>> countable("DNAs per day"), countable("Weekly DNA rate %"), countable("data")
    (True, True, False)
    >>> countable("better patient care"), countable("xyz")
    (False, False)
    """
    clean = " ".join(str(text).split())
    if not clean or nonsense(clean):
        return False
    if re.fullmatch(r"(?:the\s+)?(?:data|numbers?|figures?|stats?|statistics|results?|"
                    r"information|info|measures?|outcomes?)", clean, re.I):  # fmt: skip
        return False
    stripped = re.sub(r"\bpatient\s+(?:care|experience|satisfaction)\b", "", clean, flags=re.I)
    if re.search(r"\b(?:better|improved?|good|happier|happy|nicer)\b", clean, re.I) and not (
        re.search(r"%|\b(?:rate|number|count|proportion|percentage|score|per)\b", clean, re.I)
    ):
        return False
    return bool(_COUNTABLE.search(stripped))


_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thur?s?|fri|sat(?:ur)?|sun)(?:day)?"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = re.compile(
    rf"\b\d{{4}}-\d\d-\d\d\b|\b\d{{1,2}}[/.]\d{{1,2}}(?:[/.]\d{{2,4}})?\b"
    rf"|\b{_WEEKDAY}\b|\b{_MONTH}\b|\b(?:19|20)\d\d\b|\bq[1-4]\b"
    r"|\b(?:tomorrow|today|tonight|next|this|coming)\s*(?:week|month|term|quarter|year|"
    r"session|clinic|morning|afternoon)?\b"
    r"|\b(?:w/?c|week\s+(?:commencing|beginning|of)|wb)\b"
    r"|\b(?:within|in|for|over|after)\s+(?:\d+|a|an|one|two|three|four|five|six|eight|ten|"
    r"twelve)\s+(?:days?|weeks?|months?|years?)\b"
    r"|\b(?:in|within|after)\s+(?:a|one|two)\s+fortnights?\b|\bhalf[- ]term\b|\bbank\s+holiday\b"
    r"|\b(?:spring|summer|autumn|winter|christmas|easter|new\s+year)\b",
    re.IGNORECASE,
)
_NOT_A_DATE = re.compile(
    r"\b(?:soon|asap|tbc|tbd|later|whenever|sometime|some\s+time|eventually|one\s+day|"
    r"when\s+(?:we|i)\s+can|when\s+possible|if\s+possible|at\s+some\s+point|not\s+sure|"
    r"unknown|don't\s+know|dunno)\b",
    re.IGNORECASE,
)


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date or a time someone could put in a diary, or None.

    >>> date_problem("soon")
    '"soon" is not a date: give a day, a week or a month (e.g. "Tuesday 12 January").'
    >>> [date_problem(t) for t in ("next Tuesday", "w/c 19 January", "within 6 weeks")]
    [None, None, None]
    """
    clean = " ".join(str(text).split())
    if not clean:
        return "There is no date: give a day, a week or a month."
    if _NOT_A_DATE.search(clean) or not _DATE.search(clean) or nonsense(clean):
        return (
            f'"{clean}" is not a date: give a day, a week or a month (e.g. "Tuesday 12 January").'
        )
    return None


_NUMBER = r"\d+(?:[.,]\d+)?"


def number_in(text: object) -> float | None:
    """The one number in ``text`` ("58", "58 a day", "about 133", "four"), else None.

    Two different numbers ("55 or 60") give None: the check should ask which.

    >>> number_in("58 a day"), number_in("about 133"), number_in("four"), number_in("55 or 60")
    (58.0, 133.0, 4.0, None)
    >>> number_in("-4"), number_in("lots"), number_in([58])
    (-4.0, None, None)
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, numbers.Real):  # numpy numbers too
        return float(text)
    if not isinstance(text, str):
        return None  # a list or a dict is not one number
    clean = text.strip().lower()
    found = [float(m.replace(",", ".")) for m in re.findall(rf"-?{_NUMBER}", clean)]
    found += [NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", clean) if w in NUMBER_WORDS]
    if len(set(found)) != 1:
        return None
    rest = re.sub(rf"-?{_NUMBER}|%", " ", clean)
    words = [w for w in re.findall(r"[a-z]+", rest) if w not in NUMBER_WORDS]
    if nonsense(" ".join(words)) and words and any(w not in _STOPWORDS for w in words):
        return None  # "58 xyz" is not a number
    return found[0]


_DOWN = re.compile(
    r"\b(?:reduc\w*|decreas\w*|lower\w*|cut\w*|halv\w*|fewer|less|shorten\w*|minimi[sz]\w*|"
    r"fall\w*|fell|drop\w*|go(?:es)?\s+down|come\s+down|down)\b",
    re.I,
)
_UP = re.compile(
    r"\b(?:increas\w*|rais\w*|boost\w*|grow\w*|doubl\w*|maximi[sz]\w*|expand\w*|more|rise\w*|"
    r"rose|go(?:es)?\s+up|up)\b",
    re.I,
)


def direction_of(text: str) -> str | None:
    """ "down", "up" or None: which way the words say the number should move.

    >>> direction_of("Reduce the DNA rate"), direction_of("Increase uptake"), direction_of("Keep")
    ('down', 'up', None)
    """
    down, up = _DOWN.search(text), _UP.search(text)
    if down and (not up or down.start() < up.start()):
        return "down"
    return "up" if up else None


def from_to(text: str) -> tuple[float, float] | None:
    """The two numbers of "from X to Y" (or "X to Y"), else None.

    >>> from_to("from 8% to 5% by March"), from_to("from about 3 a week to 1")
    ((8.0, 5.0), (3.0, 1.0))
    """
    m = re.search(
        rf"\bfrom\s+(?:about\s+|around\s+|roughly\s+)?({_NUMBER})\s*(?:%|per\s*cent|[a-z]+)?"
        rf"(?:\s+(?:a|an|per|each)\s+\w+)?\s+(?:down\s+|up\s+)?to\s+(?:about\s+)?({_NUMBER})",
        text,
        re.I,
    )
    if not m:
        return None
    return float(m.group(1).replace(",", ".")), float(m.group(2).replace(",", "."))


def direction_conflict(text: str) -> str | None:
    """Why the direction words and the numbers disagree, or None.

    >>> direction_conflict("Reduce the DNA rate from 20% to 40%")
    '"Reduce" goes down, but from 20 to 40 goes up: which is it?'
    >>> direction_conflict("DNAs fall from 3 a week to 1") is None
    True
    >>> direction_conflict("Reduce the DNA rate from 8% to 8%")
    'From 8 to 8 is no change: where do you want to get to?'
    """
    pair = from_to(text)
    if pair is None:
        return None
    start, end = pair
    if start == end:
        return f"From {start:g} to {end:g} is no change: where do you want to get to?"
    before = text[: re.search(r"\bfrom\b", text, re.I).start()]  # type: ignore[union-attr]
    way = direction_of(before) or direction_of(text)
    moved = "down" if end < start else "up"
    if way and way != moved:
        word = (_DOWN if way == "down" else _UP).search(before or text)
        said = word.group(0) if word else way
        return (
            f'"{said[:1].upper() + said[1:]}" goes {way}, but from {start:g} to {end:g} goes '
            f"{moved}: which is it?"
        )
    return None


_VAGUE_PEOPLE = re.compile(
    r"^(?:someone|somebody|anyone|anybody|whoever|whichever)\b"
    r"|^(?:everyone|everybody|people|staff|us|them|they|tbc|tbd|not\s+sure|the\s+team|all|"
    r"all\s+staff)$",
    re.I,
)


def vague_person(text: str) -> str | None:
    """Why ``text`` does not name who will do something, or None.

    >>> vague_person("someone")
    '"someone" does not say who: name a person or a role (e.g. "Jo on reception").'
    >>> vague_person("Dr Hale's receptionist") is None
    True
    """
    clean = " ".join(str(text).split()).strip(" .!")
    if _VAGUE_PEOPLE.match(clean) or nonsense(clean):
        return f'"{clean}" does not say who: name a person or a role (e.g. "Jo on reception").'
    return None


def closest(text: object, choices: Mapping[str, str], *, cutoff: float = 0.78) -> str | None:
    """The choice ``text`` means: an exact alias, the alias without spaces, or a near spelling.

    ``choices`` maps every accepted wording (lower case) to the choice it means.

    >>> kinds = {"outcome": "outcome", "process": "process", "balancing": "balancing"}
    >>> closest("Out come", kinds), closest("balanceing", kinds), closest("xyz", kinds)
    ('outcome', 'balancing', None)
    """
    low = key(text)
    if not low or nonsense(low):
        return None
    if low in choices:
        return choices[low]
    squashed = {k.replace(" ", ""): v for k, v in choices.items()}
    if low.replace(" ", "") in squashed:
        return squashed[low.replace(" ", "")]
    near = difflib.get_close_matches(low, list(choices), n=2, cutoff=cutoff)
    if near and (len(near) == 1 or choices[near[0]] == choices[near[1]]):
        return choices[near[0]]
    if near:
        ratios = [difflib.SequenceMatcher(None, low, n).ratio() for n in near]
        if ratios[0] - ratios[1] > 0.05:
            return choices[near[0]]
    return None
