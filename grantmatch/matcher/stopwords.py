"""Curated stop-word lists for the four query languages.

Short on purpose: only function words, pronouns, auxiliaries and the filler words
staff use in project ideas ("prosjekt", "project" are *not* here, they are weak
evidence the idf weighting already discounts). Lists are written in the original
spelling; ``text.fold`` is applied when they are compiled.
"""

from __future__ import annotations

NB = frozenset("""
alle alt andre at av bare begge ble bli blir blitt både da de dem den denne der dere
deres det dette disse du eller en ene enn er et ett etter for fordi fra før ha hadde
han hans har hennes her hos hun hva hvem hver hvilke hvilken hvis hvor hvordan hvorfor
i ikke ingen inn jeg kan kunne man mange med meg men mer mest min mitt mot mye må
ned noe noen nå når og også om opp oss over på samme seg selv sin sine sitt skal
skulle slik som så til under ut uten var vi vil ville vår våre være vært å ønsker
ønsker ønske gjennom blant annet både mellom sammen
""".split())

NN = frozenset("""
alle alt andre at av berre begge bli blei blir bliven både då dei deim den denne der
dykk dykkar det dette desse du eg eller ein eit eitt enn er etter for fordi frå før
ha hadde han hans har hennar her hjå ho kva kven kvar kvifor korleis korso kan kunne
ikkje ingen inn me med meg men meir mest min mitt mot mykje må ned noko nokon no når og
òg også om opp oss over på same seg sjølv sin sine sitt skal skulle slik som så til
under ut utan var vi vil ville vår våre vere vore vera å ynskjer ønskjer gjennom
mellom saman
""".split())

SV = frozenset("""
alla allt andra att av bara både blev bli blir blivit då de dem den denna der deras
det detta dessa du eller en ett efter för eftersom från före ha hade han hans har
hennes här hos hon vad vem varje vilka vilken om var hur varför i inte ingen in jag
kan kunde man många med mig men mer mest min mitt mot mycket måste ned något några
nu när och också upp oss över på samma sig själv sin sina sitt ska skall skulle sådan
som så till under ut utan var vi vill vår våra vara varit är åt önskar genom mellan
tillsammans vårt
""".split())

EN = frozenset("""
a about above after again all also am an and any are as at be because been before
being both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just
me more most my no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them then there these they
this those through to too under until up very was we were what when where which while
who whom why will with would you your yours want wants would like between together
""".split())

STOP_WORDS: dict[str, frozenset[str]] = {"nb": NB, "nn": NN, "sv": SV, "en": EN}
"""Stop words per language code (nb, nn, sv, en)."""

ALL_STOP_WORDS: frozenset[str] = NB | NN | SV | EN
"""Union of all lists; used to tell a meaningless query from a real one."""
