"""What the seed article (seeds/000_98d687d6ed5f3761.txt) must yield: shared by the integration
test and bench/quotes.py, so the benchmark's seed check and the test never drift apart."""
from __future__ import annotations

# A fragment of each quote and the surname its speaker entity's canonical name must contain.
SEED_QUOTES: list[tuple[str, str]] = [
    ("Russland habe solche Kontakte nie abgelehnt", "Uschakow"),
    ("wenn Selenski wirklich zu einem Treffen bereit sei", "Uschakow"),
    ("Auch in Telefonaten des Kremlchefs", "Uschakow"),
    ("Wichtig sei, dass der Kontrakt", "Uschakow"),
    ("Russland garantiere dem ukrainischen Präsidenten Sicherheit", "Uschakow"),
    ("Uschakow bekräftigte die bisherige russische Position", "Uschakow"),
    ("dass Selenski bereit sei, die intensivsten Fragen", "Sybiha"),
    ("Dabei gehe es um Gebiete", "Sybiha"),
    ("könne er in die russische Hauptstadt Moskau kommen", "Putin"),
    ("dass er nicht bereit sei, dafür irgendwohin zu reisen", "Putin"),
    ("sie sollten am kommenden Sonntag fortgesetzt werden", "Peskow"),
]
# The journalist's own statement between two Uschakow quotes: no quote may contain it.
SEED_NOT_QUOTES: list[str] = ["Dabei ist für die ukrainische Seite klar"]
