namespace EvSysReview.RiskOfBias.Core.Tests.Rob2;

// One or more answer combinations per row of the RoB 2 decision tables. Rows cite the flowchart
// paths of the RoB 2 full guidance document (Higgins, Savović, Page, Sterne; 22 August 2019,
// riskofbias.info), "Algorithm for suggested judgement" of each domain; ids as in rob2.json.
// Columns: domain, answers, expected domain judgement, expected row ids (one per table part).
public static class Rob2DecisionTableCases
{
    public static TheoryData<string, string, string, string> All => new()
    {
        // Domain 1, randomisation process. Entry question is 1.2 (concealment).
        { "D1", "1.1=Y 1.2=N 1.3=N", "high", "D1.R1" },          // 1.2 N/PN → high
        { "D1", "1.1=Y 1.2=PN 1.3=N", "high", "D1.R1" },
        { "D1", "1.1=N 1.2=Y 1.3=N", "some_concerns", "D1.R2" }, // 1.2 Y/PY, 1.1 N/PN → some concerns
        { "D1", "1.1=PN 1.2=PY 1.3=Y", "some_concerns", "D1.R2" },
        { "D1", "1.1=Y 1.2=Y 1.3=N", "low", "D1.R3" },           // 1.2 Y/PY, 1.1 Y/PY/NI, 1.3 N/PN/NI → low
        { "D1", "1.1=NI 1.2=PY 1.3=NI", "low", "D1.R3" },
        { "D1", "1.1=PY 1.2=Y 1.3=PN", "low", "D1.R3" },
        { "D1", "1.1=PY 1.2=Y 1.3=PY", "some_concerns", "D1.R4" }, // 1.2 Y/PY, 1.1 Y/PY/NI, 1.3 Y/PY → some concerns
        { "D1", "1.1=NI 1.2=Y 1.3=Y", "some_concerns", "D1.R4" },
        { "D1", "1.1=Y 1.2=NI 1.3=N", "some_concerns", "D1.R5" }, // 1.2 NI, 1.3 N/PN/NI → some concerns
        { "D1", "1.1=NI 1.2=NI 1.3=NI", "some_concerns", "D1.R5" },
        { "D1", "1.1=N 1.2=NI 1.3=PY", "high", "D1.R6" },          // 1.2 NI, 1.3 Y/PY → high

        // Domain 2, deviations from intended interventions (effect of assignment): part 1 (2.1–2.5)
        // and part 2 (2.6–2.7); the domain takes the less favourable part.
        { "D2", "2.1=N 2.2=PN 2.6=Y", "low", "D2.P1.R1 D2.P2.R1" },                       // 2.1 & 2.2 N/PN
        { "D2", "2.1=Y 2.2=N 2.3=N 2.6=PY", "low", "D2.P1.R2 D2.P2.R1" },                 // aware, 2.3 N/PN
        { "D2", "2.1=N 2.2=NI 2.3=PN 2.6=Y", "low", "D2.P1.R2 D2.P2.R1" },
        { "D2", "2.1=PY 2.2=PY 2.3=NI 2.6=Y", "some_concerns", "D2.P1.R3 D2.P2.R1" },     // aware, 2.3 NI
        { "D2", "2.1=Y 2.2=Y 2.3=Y 2.4=N 2.6=Y", "some_concerns", "D2.P1.R4 D2.P2.R1" },  // 2.3 Y/PY, 2.4 N/PN
        { "D2", "2.1=NI 2.2=N 2.3=PY 2.4=NI 2.5=Y 2.6=Y", "some_concerns", "D2.P1.R5 D2.P2.R1" }, // 2.4 Y/PY/NI, 2.5 Y/PY
        { "D2", "2.1=Y 2.2=Y 2.3=Y 2.4=Y 2.5=PY 2.6=Y", "some_concerns", "D2.P1.R5 D2.P2.R1" },
        { "D2", "2.1=Y 2.2=N 2.3=Y 2.4=PY 2.5=N 2.6=Y", "high", "D2.P1.R6 D2.P2.R1" },   // 2.5 N/PN/NI → high
        { "D2", "2.1=Y 2.2=N 2.3=Y 2.4=Y 2.5=NI 2.6=Y", "high", "D2.P1.R6 D2.P2.R1" },
        { "D2", "2.1=N 2.2=N 2.6=N 2.7=PN", "some_concerns", "D2.P1.R1 D2.P2.R2" },      // 2.6 N/PN/NI, 2.7 N/PN
        { "D2", "2.1=N 2.2=N 2.6=NI 2.7=N", "some_concerns", "D2.P1.R1 D2.P2.R2" },
        { "D2", "2.1=N 2.2=N 2.6=PN 2.7=Y", "high", "D2.P1.R1 D2.P2.R3" },               // 2.6 N/PN/NI, 2.7 Y/PY/NI
        { "D2", "2.1=N 2.2=N 2.6=N 2.7=NI", "high", "D2.P1.R1 D2.P2.R3" },
        { "D2", "2.1=Y 2.2=Y 2.3=Y 2.4=N 2.6=N 2.7=N", "some_concerns", "D2.P1.R4 D2.P2.R2" },
        { "D2", "2.1=Y 2.2=Y 2.3=Y 2.4=Y 2.5=N 2.6=N 2.7=N", "high", "D2.P1.R6 D2.P2.R2" },

        // Domain 3, missing outcome data.
        { "D3", "3.1=Y", "low", "D3.R1" },                                 // 3.1 Y/PY → low
        { "D3", "3.1=PY", "low", "D3.R1" },
        { "D3", "3.1=N 3.2=Y", "low", "D3.R2" },                           // 3.1 N/PN/NI, 3.2 Y/PY → low
        { "D3", "3.1=NI 3.2=PY", "low", "D3.R2" },
        { "D3", "3.1=PN 3.2=N 3.3=PN", "low", "D3.R3" },                   // 3.2 N/PN, 3.3 N/PN → low
        { "D3", "3.1=N 3.2=N 3.3=Y 3.4=N", "some_concerns", "D3.R4" },     // 3.3 Y/PY/NI, 3.4 N/PN
        { "D3", "3.1=NI 3.2=PN 3.3=NI 3.4=PN", "some_concerns", "D3.R4" },
        { "D3", "3.1=N 3.2=N 3.3=PY 3.4=Y", "high", "D3.R5" },             // 3.3 Y/PY/NI, 3.4 Y/PY/NI
        { "D3", "3.1=N 3.2=N 3.3=NI 3.4=NI", "high", "D3.R5" },

        // Domain 4, measurement of the outcome. 4.2 N/PN and 4.2 NI are separate branches.
        { "D4", "4.1=Y 4.2=N", "high", "D4.R1" },                          // 4.1 Y/PY → high
        { "D4", "4.1=PY 4.2=NI", "high", "D4.R1" },
        { "D4", "4.1=N 4.2=PY", "high", "D4.R2" },                         // 4.1 N/PN/NI, 4.2 Y/PY → high
        { "D4", "4.1=NI 4.2=Y", "high", "D4.R2" },
        { "D4", "4.1=N 4.2=N 4.3=N", "low", "D4.R3" },                     // 4.2 N/PN, 4.3 N/PN → low
        { "D4", "4.1=PN 4.2=PN 4.3=Y 4.4=N", "low", "D4.R4" },             // 4.3 Y/PY/NI, 4.4 N/PN → low
        { "D4", "4.1=N 4.2=N 4.3=NI 4.4=PN", "low", "D4.R4" },
        { "D4", "4.1=N 4.2=N 4.3=Y 4.4=Y 4.5=N", "some_concerns", "D4.R5" }, // 4.4 Y/PY/NI, 4.5 N/PN
        { "D4", "4.1=N 4.2=N 4.3=Y 4.4=Y 4.5=Y", "high", "D4.R6" },        // 4.5 Y/PY/NI → high
        { "D4", "4.1=NI 4.2=PN 4.3=PY 4.4=NI 4.5=NI", "high", "D4.R6" },
        { "D4", "4.1=N 4.2=NI 4.3=PN", "some_concerns", "D4.R7" },         // 4.2 NI, 4.3 N/PN → some concerns
        { "D4", "4.1=N 4.2=NI 4.3=NI 4.4=N", "some_concerns", "D4.R8" },   // 4.2 NI, 4.4 N/PN → some concerns
        { "D4", "4.1=N 4.2=NI 4.3=Y 4.4=NI 4.5=PN", "some_concerns", "D4.R9" }, // 4.2 NI, 4.5 N/PN
        { "D4", "4.1=N 4.2=NI 4.3=PY 4.4=PY 4.5=NI", "high", "D4.R10" },   // 4.2 NI, 4.5 Y/PY/NI → high

        // Domain 5, selection of the reported result.
        { "D5", "5.1=Y 5.2=Y 5.3=N", "high", "D5.R1" },                    // 5.2 or 5.3 Y/PY → high
        { "D5", "5.1=Y 5.2=N 5.3=PY", "high", "D5.R1" },
        { "D5", "5.1=Y 5.2=NI 5.3=Y", "high", "D5.R1" },
        { "D5", "5.1=Y 5.2=N 5.3=PN", "low", "D5.R2" },                    // both N/PN, 5.1 Y/PY → low
        { "D5", "5.1=N 5.2=N 5.3=N", "some_concerns", "D5.R3" },           // both N/PN, 5.1 N/PN/NI
        { "D5", "5.1=NI 5.2=PN 5.3=N", "some_concerns", "D5.R3" },
        { "D5", "5.1=Y 5.2=NI 5.3=N", "some_concerns", "D5.R4" },          // 5.2 or 5.3 NI, neither Y/PY
        { "D5", "5.1=PY 5.2=PN 5.3=NI", "some_concerns", "D5.R4" },
        { "D5", "5.1=Y 5.2=NI 5.3=NI", "some_concerns", "D5.R4" },
    };
}
