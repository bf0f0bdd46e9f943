DRAFTS = {"06": dict(
    title="Projet de résolution : Sûreté et sécurité du personnel humanitaire recruté sur le plan national ou local",
    formula="L’Assemblée générale,",
    paras=[
        (None, [("new", "Réaffirmant ", "« également » dropped"),
                ("agreed", "E/RES/2024/8", "préambule, alinéa 2", "=les principes d’humanité…", "ECOSOC wording, verbatim after the verb")]),
        (None, [("agreed", "A/RES/79/138", "préambule, alinéa 11", "=FULL", "copied verbatim (the Security Council has a close variant, S/RES/2730 (2024), préambule, alinéa 5)")]),
        (None, [("near", "S/RES/2730 (2024)", "préambule, alinéa 10",
                 "Notant avec une profonde préoccupation que les membres du personnel humanitaire recrutés sur les plans local et national, qui ont constitué au cours des dernières années la majorité des personnes ayant subi des atteintes à la sûreté et à la sécurité, sont particulièrement vulnérables aux menaces et aux actes de violence, et soulignant qu’il est nécessaire de déployer des efforts concertés et des stratégies concrètes d’atténuation des risques pour améliorer leur sûreté et leur sécurité,",
                 "« ces dernières années » -> « au cours des dernières années »")]),
        (None, [("agreed", "S/RES/2730 (2024)", "préambule, alinéa 21", "=Notant avec inquiétude…la mésinformation", "Security Council beginning (without the Assembly's « l’incitation à la violence et les discours de haine … »)"),
                ("agreed", "A/RES/79/138", "préambule, alinéa 19", "=, qui sapent la confiance…", "Assembly ending (« sur le plan national ou local »): two versions of the same paragraph merged; the Security Council text also continues identically up to « personnel recruté sur », so the split point between the two agreed spans is a judgement")]),
        (None, [("new", "Saluant le courage des secouristes bénévoles issus des communautés locales, qui sont bien souvent les premiers à porter assistance aux sinistrés,", "invented")]),
        ("1.", [("agreed", "S/RES/2730 (2024)", "par. 1", "=FULL", "Security Council paragraph, verbatim")]),
        ("2.", [("agreed", "A/RES/79/138", "par. 4", "=Condamne, dans les termes les plus énergiques, la multiplication…", "second clause of par. 4 verbatim; the opening « Constate, avec un immense regret, que 2023 marque … et » removed")]),
        ("3.", [("agreed", "E/RES/2024/8", "par. 10", "=Engage les organismes des Nations Unies…y compris aux associations de femmes", "ECOSOC paragraph verbatim up to « femmes »"),
                ("new", ", et à prévoir dans leurs budgets des crédits destinés à la couverture médicale et à l’assurance de leur personnel local ;", "invented ending replacing the rest")]),
        ("4.", [("new", "Souhaite être tenue informée, lors de sa prochaine session, de l’évolution du nombre d’incidents visant le personnel local, au moyen d’un exposé oral.", "invented")]),
    ])}
