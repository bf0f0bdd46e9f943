DRAFTS = {"07": dict(
    title="Projet de résolution : Des systèmes de soins et d’assistance inclusifs pour les personnes handicapées et les personnes âgées",
    formula="Le Conseil des droits de l’homme,",
    paras=[
        (None, [("agreed", "A/HRC/RES/54/6", "préambule, alinéa 8", "=FULL", "copied verbatim")]),
        (None, [("agreed", "A/RES/77/317", "préambule, alinéa 7", "=Estimant également…en améliorant les services de soins et d’assistance fournis", "Assembly wording verbatim up to « fournis » (ECOSOC has the same words)"),
                ("new", ", surtout dans les régions rurales où ces services manquent cruellement,", "invented ending replacing « et en facilitant les soins de longue durée … »")]),
        (None, [("new", "Constatant que de nombreux proches aidants de personnes handicapées renoncent à un emploi rémunéré faute de services de relais adaptés,", "invented")]),
        (None, [("new", "Convaincu de la nécessité de ", "« Conscient qu’il faut » -> « Convaincu de la nécessité de »"),
                ("agreed", "E/RES/2024/4", "préambule, alinéa 20", "=mettre en place des systèmes de soins…", "rest of the ECOSOC paragraph verbatim (A/HRC/RES/54/6, préambule, alinéa 17 is a near variant)")]),
        ("1.", [("agreed", "A/HRC/RES/54/6", "par. 1", "=FULL", "copied verbatim")]),
        ("2.", [("new", "Souligne", "« Souligne également » -> « Souligne »"),
                ("agreed", "E/RES/2024/4", "par. 3", "= que les gouvernements jouent un rôle crucial…", "rest of the ECOSOC paragraph verbatim")]),
        ("3.", [("new", "Exhorte les États à ", "chapeau of par. 4 without « : a) »"),
                ("agreed", "A/HRC/RES/54/6", "par. 4 a)", "=appliquer toutes les mesures nécessaires…", "sub-paragraph a) verbatim, the other sub-paragraphs removed")]),
        ("4.", [("new", "Invite les États à recueillir des données ventilées sur le temps que les proches consacrent à l’aide quotidienne des personnes handicapées, afin d’orienter les budgets publics consacrés au relais ;", "invented")]),
        ("5.", [("agreed", "A/HRC/RES/54/6", "par. 6", "=FULL", "closing paragraph, verbatim")]),
    ])}
