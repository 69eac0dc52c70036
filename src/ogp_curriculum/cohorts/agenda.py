"""Lay the selected pages out over the sessions of an agenda variant.

Each page states its own time ("**Time:** about N minutes"); the agenda fills sessions in
book order and says plainly when the material does not fit, rather than squeezing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (day, label, start "HH:MM", minutes) per variant. A session's first and last slots frame
# the work: an opening round and a closing check-out, both timed here.
_VARIANTS: dict[str, tuple[tuple[int, str, str, int], ...]] = {
    "90-minute": ((1, "Session", "09:00", 90),),
    "half-day": ((1, "Morning, part 1", "09:00", 100), (1, "Morning, part 2", "10:55", 95)),
    "two-day": (
        (1, "Morning", "09:00", 180),
        (1, "Afternoon", "14:00", 180),
        (2, "Morning", "09:00", 180),
        (2, "Afternoon", "14:00", 180),
    ),
}
OPENING_MINUTES = 10
CLOSING_MINUTES = 10


@dataclass(frozen=True)
class Slot:
    day: int
    session: str
    start: str
    end: str
    title: str
    entry: str | None  # toc path of the page, None for opening/closing/break
    kind: str = "page"  # page, block, opening, break, day_end, closing


@dataclass(frozen=True)
class Agenda:
    label: str  # the variant name, or "<N> minutes"
    slots: tuple[Slot, ...]
    planned_minutes: int  # opening + pages + closing
    available_minutes: int
    overrun: int  # minutes the last session runs past its end
    # (entry, title) of the cohort's pages when the agenda is a workshop agenda of blocks,
    # whose slots name blocks rather than pages.
    pages: tuple[tuple[str, str], ...] = ()


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(total: int) -> str:
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def sessions(spec: dict[str, Any]) -> tuple[str, tuple[tuple[int, str, str, int], ...]]:
    """The label and sessions of an agenda spec (``variant`` or ``session_minutes``)."""
    if "session_minutes" in spec:
        length = int(spec["session_minutes"])
        label = f"{length} minutes"
        chosen: tuple[tuple[int, str, str, int], ...] = ((1, "Session", "09:00", length),)
    else:
        label = spec.get("variant", "half-day")
        chosen = _VARIANTS[label]
    start = spec.get("start")
    if start:
        shift = _minutes(start) - _minutes(chosen[0][2])
        chosen = tuple(
            (day, name, _clock(_minutes(begin) + shift) if day == 1 else begin, length)
            for day, name, begin, length in chosen
        )
    return label, chosen


def plan(spec: dict[str, Any], pages: list[tuple[str, str, int]]) -> Agenda:
    """Place ``pages`` (entry, title, minutes) in the sessions of ``spec``.

    A page that does not fit the rest of a session moves to the next; pages left over when
    the sessions run out go after the last one, and ``overrun`` reports by how much.
    """
    label, chosen = sessions(spec)
    queue = list(pages)
    slots: list[Slot] = []
    overrun = 0
    for position, (day, name, begin, length) in enumerate(chosen):
        clock = _minutes(begin)
        end_of_session = clock + length
        last = position == len(chosen) - 1
        if position == 0:
            slots.append(
                Slot(
                    day,
                    name,
                    _clock(clock),
                    _clock(clock + OPENING_MINUTES),
                    "Opening: introductions and goals",
                    None,
                    "opening",
                )
            )
            clock += OPENING_MINUTES
        reserve = CLOSING_MINUTES if last else 0
        while queue and (clock + queue[0][2] + reserve <= end_of_session or last):
            entry, title, minutes = queue.pop(0)
            slots.append(Slot(day, name, _clock(clock), _clock(clock + minutes), title, entry))
            clock += minutes
        if last:
            slots.append(
                Slot(
                    day,
                    name,
                    _clock(clock),
                    _clock(clock + CLOSING_MINUTES),
                    "Closing: reflections and next steps",
                    None,
                    "closing",
                )
            )
            clock += CLOSING_MINUTES
            overrun = max(0, clock - end_of_session)
        else:
            next_day, _, next_begin, _ = chosen[position + 1]
            same_day = next_day == day
            slots.append(
                Slot(
                    day,
                    name,
                    _clock(end_of_session),
                    next_begin if same_day else _clock(end_of_session),
                    "Break" if same_day else f"End of day {day}",
                    None,
                    "break" if same_day else "day_end",
                )
            )
    planned = OPENING_MINUTES + CLOSING_MINUTES + sum(minutes for *_, minutes in pages)
    available = sum(length for *_, length in chosen)
    return Agenda(
        label=label,
        slots=tuple(slots),
        planned_minutes=planned,
        available_minutes=available,
        overrun=overrun,
    )


def from_blocks(spec: dict[str, Any], pages: list[tuple[str, str, int]], *,
                language: str | None = None) -> Agenda:
    """The named variant's workshop agenda (``data/agendas/<variant>.yml``), block by block.

    The shipped packs follow the workshop's arc (presentation, national case, cross-country
    case, small groups, plenary) rather than the order of the pages; the pages are listed
    after the agenda. The agenda's timings are checked first, so a pack never prints one that
    does not add up.
    """
    from ogp_curriculum import agendas

    variant = spec["variant"]
    workshop = agendas.load_checked(agendas.agenda_file(variant, language),
                                    start=spec.get("start"))
    slots: list[Slot] = []
    sessions_ = workshop.sessions
    for position, session in enumerate(sessions_):
        for block in session.blocks:
            kind = "break" if block.kind == "break" else "block"
            slots.append(
                Slot(session.day, session.label, block.start, block.end, block.title, None, kind)
            )
        if position + 1 < len(sessions_):
            following = sessions_[position + 1]
            end = _clock(_minutes(session.start) + session.minutes)
            same_day = following.day == session.day
            slots.append(
                Slot(
                    session.day,
                    session.label,
                    end,
                    following.start if same_day else end,
                    "Break" if same_day else f"End of day {session.day}",
                    None,
                    "break" if same_day else "day_end",
                )
            )
    return Agenda(
        label=variant,
        slots=tuple(slots),
        planned_minutes=workshop.minutes,
        available_minutes=workshop.minutes,
        overrun=0,
        pages=tuple((entry, title) for entry, title, _ in pages),
    )
