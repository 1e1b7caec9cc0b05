"""Check an aim statement: what, for whom, how much and by when.

A good aim (Langley et al., *The Improvement Guide*; qi-methods.md §1) says
*what* will change, *for whom*, *how much* (a number) and *by when* (a date).
:func:`check_aim` looks for each piece with plain pattern matching, gives
friendly, specific feedback and builds an improved example from the words the
team wrote. It is a teaching aid, not a grammar checker: it rewards aims a
reader can measure against.

>>> fb = check_aim("Reduce the DNA rate at our practice from 8% to 5% by 31 March 2026")
>>> fb.score, fb.ok
(4, True)
>>> fb.how_much, fb.by_when, fb.who
('from 8% to 5%', '31 March 2026', 'our practice')
>>> weak = check_aim("Improve access")
>>> weak.score, weak.has_what, weak.has_who, weak.has_how_much, weak.has_by_when
(1, True, False, False, False)
>>> print(weak.improved_example)
Improve access [measured as, e.g. the % of ...] for [who, e.g. patients registered
at our practice] from [where you are now, e.g. 60%] to [your goal, e.g. 75%]
by [a date, e.g. 31 March 2027]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qiteach.wording import direction_conflict, nonsense

__all__ = ["AimFeedback", "check_aim"]

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"

_AFTER_BY = r"(?:(?<=\bby\s)|(?<=\bbefore\s)|(?<=\buntil\s))"
#: date patterns, most specific first; each is matched case-insensitively
_DATE_PATTERNS: tuple[str, ...] = (
    r"\b\d{4}-\d\d-\d\d\b",  # 2026-03-31
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d\d)\b",  # 31/03/2026, 31/03/26
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b,?(?:\s+{_YEAR}\b)?",  # 31 March 2026, 31st March
    rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?",  # March 31, 2026
    rf"\b(?:the\s+)?end\s+of\s+(?:the\s+)?(?:financial\s+|calendar\s+|school\s+)?"
    rf"(?:year|month|quarter|winter|summer|spring|autumn|{_MONTH}|{_YEAR}|programme|project)"
    rf"(?:\s+{_YEAR}\b)?",
    r"\b(?:within|in|over)\s+(?:the\s+next\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|eighteen|twenty-four)\s+(?:days?|weeks?|months?|years?)\b",
    r"\bq[1-4](?:\s+(?:of\s+)?(?:" + _YEAR + r"(?:/\d\d)?))?\b",
    rf"\b{_MONTH}\s+{_YEAR}\b",  # March 2026
    rf"{_AFTER_BY}(?:next\s+)?{_MONTH}\b",  # by March, by next April
    rf"(?:{_AFTER_BY}|(?<=\bin\s)){_YEAR}(?:/\d\d)?\b(?![-/.]\d)",  # by 2026, in 2026/27
    _AFTER_BY + r"(?:christmas|easter|(?:next\s+)?(?:spring|summer|autumn|winter)|"
    rf"year[- ]end|the\s+next\s+cqc\s+visit)\b(?:\s+{_YEAR}\b)?",  # by summer 2026
)
_DATE_RE = re.compile("|".join(f"(?:{p})" for p in _DATE_PATTERNS), re.IGNORECASE)
_HAS_YEAR = re.compile(rf"{_YEAR}|\b\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d\d\b|\bwithin\b|\bin\s+\d", re.I)
_RELATIVE = re.compile(
    r"\b(?:within|in|over|next)\b(?!\s+(?:19|20)\d\d)|\bend of (?:the )?(?:year|month|quarter)\b",
    re.I,
)

_WORD_NUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|"
    r"(?:a|one)\s+hundred|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
#: a number in figures or in words ("8", "8.5", "eight", "twenty-five")
_NUM = rf"(?:\d+(?:[.,]\d+)?|\b{_WORD_NUM}\b)"
_PCT = rf"{_NUM}\s*(?:%|per\s*cent|percent)"
_UNIT = (
    r"(?:%|per\s*cent|percent|days?|weeks?|hours?|minutes?|mins?|seconds?|patients?|"
    r"appointments?|calls?|people|reviews?|referrals?|(?:a|per)\s+(?:week|month|day|year))"
)
_COMPARATOR = r"(?:≤|≥|<=|>=|<|>|under|over|below|above|aged|age|less\s+than|more\s+than)"
_HOW_MUCH_PATTERNS: tuple[str, ...] = (
    rf"(?:≥|>=|>|≤|<=|<)\s*{_PCT}",  # "maintain >90%" (only after maintain/keep/...)
    rf"\bfrom\s+(?:about\s+|around\s+)?{_NUM}\s*{_UNIT}?\s+(?:down\s+|up\s+)?to\s+"
    rf"(?:at\s+least\s+|at\s+most\s+|below\s+|under\s+|above\s+)?{_NUM}\s*{_UNIT}?",
    rf"\b(?:by|to|at\s+least|at\s+most|below|under|above|over|of)\s+{_PCT}",
    rf"\b(?:by|to)\s+(?:under\s+|below\s+|less\s+than\s+|fewer\s+than\s+|at\s+least\s+|"
    rf"at\s+most\s+|above\s+|over\s+|more\s+than\s+)?{_NUM}\s*{_UNIT}",
    _PCT,
    rf"\b{_NUM}\s+(?:more|fewer|less|extra|additional)\b",
    r"\b(?:halve|halving|double|doubling|treble|eliminate|to\s+zero|zero)\b",
    r"\bby\s+(?:(?:a|one)\s+)?(?:half|third|quarter)\b",
)
_KEEP_RE = re.compile(
    r"\b(?:maintain|keep|achieve|reach|sustain|stay|remain)\w*\s+(?:at\s+)?$", re.IGNORECASE
)
_AFTER_COMPARATOR = re.compile(rf"(?:{_COMPARATOR})\s*$", re.IGNORECASE)
_HOW_MUCH_RE = re.compile("|".join(f"(?:{p})" for p in _HOW_MUCH_PATTERNS), re.IGNORECASE)

_WHO_NOUN = (
    r"(?:patients?|people|persons?|adults?|children|child|babies|young\s+people|women|men|"
    r"residents?|carers?|staff|clinicians?|GPs|nurses|receptionists|colleagues|team|"
    r"practices?|surgery|surgeries|medical\s+centre|health\s+centre|PCN|primary\s+care\s+network|"
    r"population|list|care\s+homes?|households|families|over[- ]\d+s|under[- ]\d+s|"
    r"service\s+users|registered|callers|parents|mothers|infants|babies|toddlers|elderly|"
    r"individuals|clients|users|pupils|students)"
)
#: "patient satisfaction", "patient experience": the word describes the measure, not whom
_WHO_RE = re.compile(
    rf"\b{_WHO_NOUN}\b(?!(?<=\bpatient)\s+(?:satisfaction|experience|feedback|surveys?|safety|"
    r"access|outcomes?|records?|engagement|participation|involvement|reported)\b)",
    re.IGNORECASE,
)
#: an age qualifier straight after the population noun: "aged 65 and over",
#: "aged 18 to 25", "aged 40-74", "over 75", "under 5 years", "aged 65+"
_AGE_N = r"\d+(?:\s*(?:years?|yrs?)(?:\s+old)?)?"
_AGE_QUALIFIER_RE = re.compile(
    rf"\s+(?:(?:aged|of\s+age|age)\s+)?(?:"
    rf"(?:over|under|above|below|at\s+least|less\s+than|more\s+than)\s+{_AGE_N}"
    rf"|\d+\s*(?:-|–|to)\s*{_AGE_N}"
    rf"|{_AGE_N}\s*(?:\+|(?:and|or)\s+(?:over|above|older|more|under|younger|less))"
    rf"|(?<=aged\s){_AGE_N})"
    r"(?:\s+(?:years?|yrs?)(?:\s+old)?)?",
    re.IGNORECASE,
)
_PREP_RE = re.compile(r"\b(?:at|for|among|amongst|across|in|of|within|to)\s+$", re.IGNORECASE)
#: words that end a population phrase
_WHO_STOP = re.compile(
    r"\s(?:from|by|to|within|will|would|should|must|who\s+are\s+seen|before|until|so\s+that|"
    r"and\s+(?:reduce|increase)|"
    r"who\s+(?:have|has|had|can|could|receive\w*|get|got|attend\w*|are\s+(?:given|offered|vaccinated)))\b"
    r"|\s(?:answered|reviewed|vaccinated|immuni[sz]ed|screened|referred|offered|invited|"
    r"contacted|called|booked|treated|prescribed|tested|checked|coded|recorded|sent|given|"
    r"receiving|having|getting|attending|using)\b"
    r"|[,;.:(≤≥<>=]|(?<!\son)(?<!\swith)(?<!\staking)\s\d|(?<!registered)\swith\s+(?!(?:diabetes|asthma|copd|hypertension|dementia|a\s|an\s))",
    re.IGNORECASE,
)

_DIRECTION_RE = re.compile(
    r"\b(?:reduc\w*|increas\w*|improv\w*|decreas\w*|lower\w*|rais\w*|cut\w*|achiev\w*|ensur\w*|"
    r"maintain\w*|halv\w*|doubl\w*|eliminat\w*|prevent\w*|minimi[sz]\w*|maximi[sz]\w*|boost\w*|"
    r"shorten\w*|speed\s+up|better|more|fewer|less|expand\w*|enhanc\w*|deliver\w*|offer\w*|"
    r"provid\w*|get|grow\w*|stop\w*|sustain\w*)\b",
    re.IGNORECASE,
)
_MEASURE_WORD_RE = re.compile(
    r"%|\b(?:rate|proportion|percentage|number|numbers|count|time|wait\w*|days|"
    r"hours|minutes|average|median|score|uptake|coverage|dna|dnas|attendances?|admissions?|"
    r"referrals?|incidents?|appointments?|reviews?|prescriptions?|hba1c|cholesterol|falls?|"
    r"complaints?|errors?|calls?|checks?|visits?|vaccinations?|screening|"
    r"blood\s+pressure|within\s+\d)\b",
    re.IGNORECASE,
)
_LEAD_IN_RE = re.compile(
    r"^\s*(?:(?:we|i|our\s+team|the\s+team)\s+(?:want|aim|hope|would\s+like|plan|intend|need)"
    r"\s+to\s+|(?:we|i)\s+will\s+|our\s+aim\s+is\s+to\s+|aim:\s*|to\s+)",
    re.IGNORECASE,
)

_EXAMPLE_WHO = "[who, e.g. patients registered at our practice]"
_EXAMPLE_HOW_MUCH = "from [where you are now, e.g. 60%] to [your goal, e.g. 75%]"
_EXAMPLE_WHEN = "[a date, e.g. 31 March 2027]"


@dataclass(frozen=True)
class AimFeedback:
    """What :func:`check_aim` found in an aim statement, and how to make it better.

    ``who``, ``how_much`` and ``by_when`` hold the pieces of text found (or
    ``None``); ``what`` is the change itself, e.g. ``"Reduce the DNA rate"``.
    """

    text: str
    has_what: bool
    has_who: bool
    has_how_much: bool
    has_by_when: bool
    what: str | None
    who: str | None
    how_much: str | None
    by_when: str | None
    feedback: list[str] = field(default_factory=list)
    improved_example: str = ""
    #: what makes the aim not yet usable even with its pieces there (a contradiction,
    #: a number that cannot be, a "what" nobody could measure), one sentence each
    problems: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        """How many of the four pieces (what, who, how much, by when) are there: 0-4."""
        return sum((self.has_what, self.has_who, self.has_how_much, self.has_by_when))

    @property
    def ok(self) -> bool:
        """True when the aim has all four pieces and they make sense together."""
        return self.score == 4 and not self.problems

    def __str__(self) -> str:
        tick = {True: "yes", False: "missing"}
        lines = [
            f"Aim: {self.text}",
            f"Score: {self.score}/4",
            f"  what:       {tick[self.has_what]}" + (f" ({self.what})" if self.what else ""),
            f"  for whom:   {tick[self.has_who]}" + (f" ({self.who})" if self.who else ""),
            f"  how much:   {tick[self.has_how_much]}"
            + (f" ({self.how_much})" if self.how_much else ""),
            f"  by when:    {tick[self.has_by_when]}"
            + (f" ({self.by_when})" if self.by_when else ""),
        ]
        lines += [f"- {sentence}" for sentence in (*self.problems, *self.feedback)]
        if self.improved_example and self.improved_example != self.text:
            lines.append(f"Try: {self.improved_example}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        mark = {True: "yes", False: "missing"}  # words: emoji need an emoji font
        rows = [
            ("What", self.has_what, self.what),
            ("For whom", self.has_who, self.who),
            ("How much", self.has_how_much, self.how_much),
            ("By when", self.has_by_when, self.by_when),
        ]
        out = [f"**Aim:** {self.text}", "", f"**Score: {self.score}/4**", ""]
        out += ["| piece | found | text |", "|---|---|---|"]
        out += [f"| {name} | {mark[has]} | {found or ''} |" for name, has, found in rows]
        out.append("")
        out += [f"- {sentence}" for sentence in (*self.problems, *self.feedback)]
        if self.improved_example and self.improved_example != self.text:
            out += ["", f"**Try:** {self.improved_example}"]
        return "\n".join(out)


def _find_date(text: str) -> re.Match[str] | None:
    return _DATE_RE.search(text)


def _find_how_much(text: str, date_span: tuple[int, int] | None) -> re.Match[str] | None:
    for m in _HOW_MUCH_RE.finditer(text):
        if date_span and m.start() < date_span[1] and date_span[0] < m.end():
            continue  # a number inside the date is not a "how much"
        if m.group()[0] in "≥><≤":
            if _KEEP_RE.search(text[: m.start()]):
                return m  # "maintain >90%" is a target
            continue  # "HbA1c < 7%" defines who/what
        if not m.group().lower().startswith("from") and _AFTER_COMPARATOR.search(text[: m.start()]):
            continue  # "HbA1c ≤ 58" or "aged over 75" defines who/what, not how much
        return m
    return None


def _find_who(text: str) -> tuple[str, tuple[int, int]] | None:
    """The population phrase, without a leading preposition, and the span with it."""
    for m in _WHO_RE.finditer(text):
        before = text[: m.start()]
        # walk back over up to three determiners/adjectives to a preposition
        words = list(re.finditer(r"\S+\s+", before))
        start = m.start()
        span_start = m.start()
        for w in reversed(words[-4:]):
            if _PREP_RE.fullmatch(w.group()) or _PREP_RE.search(w.group()):
                span_start = w.start()
                start = w.end()
                break
            if re.search(r"[,;.%\d]", w.group()):
                break
        else:
            start = m.start()
            # no preposition found: take up to three words before (e.g. "registered")
        if start == m.start() and span_start == m.start():
            for w in reversed(words[-2:]):
                if re.fullmatch(
                    r"(?:our|the|all|my|registered|eligible|housebound)\s+", w.group(), re.I
                ):
                    start = span_start = w.start()
                else:
                    break
        # "patients aged 65 and over": the age qualifier belongs to the population
        age = _AGE_QUALIFIER_RE.match(text, m.end())
        stop = _WHO_STOP.search(text, age.end() if age else m.end())
        end = stop.start() if stop else len(text)
        phrase = text[start:end].strip(" ,;.")
        # "patients with diabetes in" 2026: a dangling preposition is not part of it
        trimmed = re.sub(r"\s+(?:in|at|on|for|of|to|by|during)$", "", phrase, flags=re.I)
        end -= len(phrase) - len(trimmed)
        phrase = trimmed
        if phrase:
            return phrase, (span_start, end)
    return None


def _what(
    text: str,
    spans: list[tuple[int, int]],
    who_span: tuple[int, int] | None,
    date_span: tuple[int, int] | None,
) -> str | None:
    """The change itself: the words from the start up to the first other piece.

    The population is left inside the what when cutting there would leave a
    dangling phrase ("Increase the % of" patients with diabetes ...).
    """
    cut = min((s for s, _ in spans), default=len(text))
    phrase = text[:cut].strip(" ,;.:-")
    if who_span is not None and who_span[0] == cut:
        dangling = re.search(r"(?:%|\b(?:of|the|number|proportion|percentage))$", phrase, re.I)
        if dangling or len(phrase.split()) < 2:
            end = min((s for s, _ in spans if s != who_span[0]), default=len(text))
            phrase = text[:end].strip(" ,;.:-")
    if not phrase:
        # the aim starts with a date or a number: the what is everything but the date
        rest = text
        if date_span is not None:
            rest = text[: date_span[0]] + text[date_span[1] :]
            rest = re.sub(r"^\s*(?:by|before|until|in)\b", "", rest, flags=re.I)
        phrase = _capitalise(rest.strip(" ,;.:-"))
    return phrase or None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def check_aim(text: str) -> AimFeedback:
    """Look for what, for whom, how much and by when in an aim statement.

    Returns an :class:`AimFeedback` with the pieces found, a 0-4 score,
    friendly sentences on what to add or sharpen, and an improved example that
    keeps the team's own words and marks what is still needed in [brackets].

    >>> fb = check_aim("We want to be better at reviewing meds")
    >>> fb.score
    1
    >>> print(fb.feedback[0])
    Say what you will count or measure, e.g. "the % of ..." or "the number of ...",
    so everyone knows what "better" means.
    >>> check_aim("Increase the % of patients with diabetes with HbA1c ≤ 58 mmol/mol "
    ...           "from 55% to 65% by March 2026").who
    'patients with diabetes'
    >>> check_aim("Increase the % of patients aged 65 and over who have had a flu vaccine "
    ...           "from 70% to 80% by 31 January 2027").who
    'patients aged 65 and over'
    >>> check_aim("   ").score
    0
    """
    raw = "" if text is None else str(text)
    clean = " ".join(raw.split())
    if not clean:
        return AimFeedback(
            text=raw,
            has_what=False,
            has_who=False,
            has_how_much=False,
            has_by_when=False,
            what=None,
            who=None,
            how_much=None,
            by_when=None,
            feedback=[
                "The aim is empty. Start with what you want to change, for whom, how much "
                "and by when."
            ],
            improved_example=(
                f"Reduce [what, e.g. the DNA rate] for {_EXAMPLE_WHO} "
                f"{_EXAMPLE_HOW_MUCH} by {_EXAMPLE_WHEN}"
            ),
        )
    body = _LEAD_IN_RE.sub("", clean).rstrip(" .")
    body = _capitalise(body)

    date_m = _find_date(body)
    date_span = date_m.span() if date_m else None
    how_m = _find_how_much(body, date_span)
    who = _find_who(body)

    spans: list[tuple[int, int]] = []
    if date_m:
        # include a leading "by"/"before" in the span cut from the what
        lead = re.search(r"(?:\b(?:by|before|until|in)\s+)$", body[: date_m.start()], re.I)
        spans.append((lead.start() if lead else date_m.start(), date_m.end()))
    if how_m:
        spans.append(how_m.span())
    if who:
        spans.append(who[1])
    what = _what(body, spans, who[1] if who else None, spans[0] if date_m else None)
    has_direction = bool(_DIRECTION_RE.search(body))
    # the % in "by 100%" is the how much, not a measure: look for one outside it and the date
    outside = body
    for a, b in sorted((sp for sp in (how_m and how_m.span(), date_span) if sp), reverse=True):
        outside = outside[:a] + " " + outside[b:]
    has_measure = bool(_MEASURE_WORD_RE.search(outside))
    has_what = bool(what) and (has_direction or has_measure)

    by_when = date_m.group().strip() if date_m else None
    how_much = how_m.group().strip() if how_m else None
    who_text = who[0] if who else None

    feedback = _feedback(
        body, what, has_what, has_measure, has_direction, who_text, how_much, by_when
    )
    example = _improved(body, what, who_text, how_much, by_when, has_measure)
    problems = _problems(body, how_much, bool(what), has_measure)
    return AimFeedback(
        text=raw,
        has_what=has_what,
        has_who=who is not None,
        has_how_much=how_m is not None,
        has_by_when=date_m is not None,
        what=what if has_what else None,
        who=who_text,
        how_much=how_much,
        by_when=by_when,
        feedback=feedback,
        improved_example=example,
        problems=problems,
    )


_PCT_VALUE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent)", re.IGNORECASE)


def _problems(body: str, how_much: str | None, said_what: bool, has_measure: bool) -> list[str]:
    """What stops the aim working even when its pieces are there: one sentence each.

    >>> _problems("Reduce the DNA rate from 20% to 40% by March 2027", "from 20% to 40%",
    ...           True, True)
    ['"Reduce" goes down, but from 20 to 40 goes up: which is it?']
    >>> _problems("Make patients happier by 100% by 2027", "by 100%", True, False)[0]
    'How will you measure "happier"? Name what you will count or score, e.g. "the % of \
patients who rate us good or very good".'
    """
    out: list[str] = []
    junk = nonsense(body)
    if junk:
        return [junk]
    if how_much:
        conflict = direction_conflict(body)
        if conflict:
            out.append(conflict)
        values = [float(v) for v in _PCT_VALUE.findall(how_much)]
        down = re.match(r"\s*(?:reduc|decreas|lower|cut|halv|minimi|shorten)", body, re.I)
        if re.match(r"\s*by\b", how_much, re.I) and down and any(v > 100 for v in values):
            out.append(
                f"A fall of {how_much[2:].strip()} would go below zero: the most a number can "
                'fall is 100%. Did you mean "from ... to ..."?'
            )
        elif re.search(r"\bfrom\b|\bto\b", how_much, re.I) and any(v > 100 for v in values):
            out.append(
                "A percentage of patients or appointments cannot go above 100%: check the "
                f"numbers in {how_much!r}."
            )
    if said_what and not has_measure:
        vague = re.search(
            r"\b(happ\w*|better|best|nicer|good|great|quality|satisf\w*|experience|access|"
            r"care|safer|improve\w*|enhance\w*)\b",
            body,
            re.I,
        )
        word = vague.group(1) if vague else body.split()[0]
        out.append(
            f'How will you measure "{word}"? Name what you will count or score, e.g. "the % of '
            'patients who rate us good or very good".'
        )
    return out


def _feedback(
    body: str,
    what: str | None,
    has_what: bool,
    has_measure: bool,
    has_direction: bool,
    who: str | None,
    how_much: str | None,
    by_when: str | None,
) -> list[str]:
    out: list[str] = []
    vague = re.search(r"\b(better|improve\w*|access|quality|good|enhance\w*)\b", body, re.I)
    if not has_what:
        out.append(
            'Start with what you want to change, e.g. "Reduce the DNA rate" or '
            '"Increase the % of patients reviewed".'
        )
    elif not has_measure:
        word = vague.group(1).lower() if vague else (what or "").split()[0].lower()
        out.append(
            'Say what you will count or measure, e.g. "the % of ..." or "the number of ...", '
            f'so everyone knows what "{word}" means.'
        )
    if not has_direction and has_what:
        out.append("Say which way the measure should move: reduce, increase, or keep above/below.")
    if who is None:
        out.append(
            'Say whose care will change, e.g. "for patients registered at our practice" or '
            '"for people with diabetes".'
        )
    if how_much is None:
        out.append(
            'Add a number: where you are now and where you want to get to, e.g. "from 60% to 75%".'
        )
    elif (
        not re.search(r"\bfrom\b", how_much, re.I)
        and not re.search(rf"\bfrom\s+(?:about\s+|around\s+)?{_NUM}", body, re.I)  # "up from 40%"
        and re.search(r"\d", how_much)
    ):
        out.append(
            f'You give a goal ({how_much}); adding where you start ("from ... to ...") shows '
            "how big a change you are aiming for."
        )
    if by_when is None:
        out.append('Add a deadline, e.g. "by 31 March 2027", so you know when to check.')
    elif _RELATIVE.search(by_when):
        out.append(
            f'"{by_when}" depends on when you start; a calendar date such as '
            '"31 March 2027" is clearer for everyone.'
        )
    elif not _HAS_YEAR.search(by_when):
        out.append(f'Add the year to "{by_when}" so nobody has to guess which one.')
    if not out:
        out.append("This aim says what, for whom, how much and by when. Well done!")
    return out


def _improved(
    body: str,
    what: str | None,
    who: str | None,
    how_much: str | None,
    by_when: str | None,
    has_measure: bool,
) -> str:
    """The team's own aim with the missing pieces added in [brackets]."""
    text = body
    if not what:
        text = f"Reduce [what, e.g. the DNA rate] {text}".strip()
    elif not has_measure:
        # keep their words, then name a measure
        text = f"{text} [measured as, e.g. the % of ...]"
    additions: list[str] = []
    if who is None:
        additions.append(f"for {_EXAMPLE_WHO}")
    if how_much is None:
        additions.append(_EXAMPLE_HOW_MUCH)
    if by_when is None:
        additions.append(f"by {_EXAMPLE_WHEN}")
    if additions:
        if by_when is not None:
            # keep the date at the end where readers look for it
            lead = re.search(rf"(?:\b(?:by|before|until|in)\s+)?{re.escape(by_when)}", text, re.I)
            if lead and text[: lead.start()].strip():
                tail = text[lead.start() :]
                text = text[: lead.start()].rstrip() + " " + " ".join(additions) + " " + tail
                return " ".join(text.split())
        text = text + " " + " ".join(additions)
    elif by_when is not None and not _HAS_YEAR.search(by_when) and not _RELATIVE.search(by_when):
        text = text.replace(by_when, f"{by_when} [year]", 1)
    return " ".join(text.split())
