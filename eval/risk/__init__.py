"""``phideid risk``: the re-identification risk of a released (de-identified) dataset, modelled on ARX.

Modules, one job each:

``table``        read the records (CSV, JSONL, FHIR, HL7 v2; a file or a folder) as rows of named values
``measures``     equivalence classes over the quasi-identifiers, k-anonymity, l-diversity, prosecutor,
                 journalist and marketer risk (exact fractions)
``hierarchies``  generalization ladders per quasi-identifier (ages, ZIP codes, dates, numbers, categories)
``search``       the full-domain generalization lattice: the nodes that reach k within the suppression limit
``report``       the JSON document and the short text summary
``plots``        the PNG charts of the HTML report (matplotlib, the ``report`` extra)
``html``         the self-contained HTML report
``export``       the generalized dataset (``--generalized``)
``cli``          the ``phideid risk`` command

Nothing here writes a record's quasi-identifier values anywhere but to the ``--generalized`` dataset:
reports carry counts, class sizes, shares and the names of generalization levels.
"""
