using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Forms;

/// <summary>
/// The extraction form of the built-in MSC-EV template (shared/msc-ev-protocol.md): every field
/// of its study-level table and the outcomes named in its PICO.
/// </summary>
public static class MscEvExtractionForm
{
    public const string FormId = "msc-ev-neurodegeneration";

    public static ExtractionForm Version1 { get; } = new()
    {
        FormId = FormId,
        Version = 1,
        Title = "MSC-derived extracellular vesicles in neurodegenerative disease: data extraction",
        StudyFields = StudyFields(),
        Outcomes = new OutcomeFormDefinition
        {
            Outcomes = Outcomes(),
            AllowOtherOutcomes = true,
            TimePointUnits = ["h", "d", "wk", "mo"],
        },
    };

    private static IReadOnlyList<FieldDefinition> StudyFields() =>
    [
        // Population
        Choice("disease", "Disease", required: true,
            ("alzheimers", "Alzheimer's disease"), ("parkinsons", "Parkinson's disease"),
            ("huntingtons", "Huntington's disease"), ("als", "Amyotrophic lateral sclerosis"),
            ("multipleSclerosis", "Multiple sclerosis"), ("ischaemicStroke", "Ischaemic stroke"),
            ("tbi", "Traumatic brain injury"), ("sci", "Spinal cord injury")),
        Choice("animalModel", "Animal model", required: true,
            ("appPs1", "APP/PS1"), ("5xFad", "5xFAD"), ("3xTg", "3xTg-AD"), ("abetaInjection", "Aβ injection"),
            ("mptp", "MPTP"), ("6Ohda", "6-OHDA"), ("rotenone", "Rotenone"), ("r62", "R6/2"),
            ("sod1G93A", "SOD1-G93A"), ("eae", "EAE"), ("cuprizone", "Cuprizone"), ("mcao", "MCAO"),
            ("cci", "Controlled cortical impact"), ("contusionSci", "Contusion SCI"),
            ("clinicalPatients", "Patients (clinical study)")),
        Choice("species", "Species", required: true,
            ("mouse", "Mouse"), ("rat", "Rat"), ("nonHumanPrimate", "Non-human primate"), ("human", "Human")),
        Text("strain", "Strain"),
        Choice("sex", "Sex", required: true,
            ("male", "Male"), ("female", "Female"), ("both", "Both"), ("notReported", "Not reported")),
        Number("age", "Age at intervention", units: ["d", "wk", "mo", "y"], minimum: 0),
        Number("nPerGroup", "n per group (as reported; smallest if they differ)", units: [], minimum: 1, integerOnly: true),

        // Intervention: the cells
        Choice("mscSource", "MSC source", required: true,
            ("boneMarrow", "Bone marrow"), ("umbilicalCord", "Umbilical cord / Wharton's jelly"),
            ("adipose", "Adipose tissue"), ("dentalPulp", "Dental pulp"), ("placenta", "Placenta"),
            ("ipsc", "iPSC-derived MSCs")),
        Choice("donorSpecies", "MSC donor species", required: true,
            ("human", "Human"), ("mouse", "Mouse"), ("rat", "Rat")),
        Text("passage", "Passage"),
        Checklist("cultureConditions", "Culture conditions",
            ("standard2D", "Standard 2D"), ("hypoxia", "Hypoxia"), ("threeD", "3D culture / bioreactor"),
            ("priming", "Priming / preconditioning (cytokines, drugs)"),
            ("evDepletedSerum", "EV-depleted or serum-free medium")),

        // Intervention: the vesicles
        Choice("evType", "EV type (as named by the authors)", required: true,
            ("exosomes", "Exosomes"), ("smallEvs", "Small EVs"), ("microvesicles", "Microvesicles / large EVs"),
            ("evs", "EVs, unspecified")),
        Choice("isolationMethod", "EV isolation method", required: true,
            ("ultracentrifugation", "Ultracentrifugation"), ("densityGradient", "Density gradient"),
            ("sec", "Size-exclusion chromatography"), ("precipitation", "Precipitation (PEG)"),
            ("tff", "Tangential flow filtration"), ("ultrafiltration", "Ultrafiltration"),
            ("commercialKit", "Commercial kit"), ("combination", "Combination of methods")),
        Checklist("misevCharacterisation", "Characterisation per MISEV",
            ("nta", "Size by NTA"), ("trps", "Size by TRPS"), ("tem", "Morphology by TEM"),
            ("cd9", "CD9"), ("cd63", "CD63"), ("cd81", "CD81"), ("tsg101", "TSG101"), ("alix", "Alix"),
            ("negativeMarkers", "Negative markers (e.g. calnexin, GM130, ApoA1)")),
        Text("engineeringCargo", "Engineering / cargo (miRNA, loaded drug)"),

        // Administration
        Number("doseProtein", "Dose (protein)", units: ["µg", "mg", "µg/kg", "mg/kg"], minimum: 0),
        Number("doseParticles", "Dose (particles)", units: ["particles", "particles/kg"], minimum: 0),
        Choice("frequency", "Frequency", required: true,
            ("single", "Single dose"), ("daily", "Daily"), ("everyOtherDay", "Every other day"),
            ("weekly", "Weekly"), ("repeatedOther", "Repeated, other schedule")),
        Choice("route", "Route", required: true,
            ("intravenous", "Intravenous"), ("intranasal", "Intranasal"),
            ("intracerebroventricular", "Intracerebroventricular"), ("intraperitoneal", "Intraperitoneal"),
            ("intrathecal", "Intrathecal"), ("intracerebral", "Intracerebral / stereotactic")),
        // Negative when given before onset or injury (prevention designs).
        Number("timingFromOnset", "Timing relative to onset", units: ["h", "d", "wk", "mo"]),

        Number("followUpTimePoints", "Follow-up time points", units: ["h", "d", "wk", "mo"], minimum: 0,
            repeated: true, required: true),
    ];

    private static IReadOnlyList<OutcomeDefinition> Outcomes() =>
    [
        Outcome("mwmEscapeLatency", "Morris water maze escape latency", "cognitive", OutcomeDirection.HigherIsWorse, "s"),
        Outcome("mwmPlatformCrossings", "Morris water maze platform crossings", "cognitive", OutcomeDirection.HigherIsBetter, "count"),
        Outcome("yMazeAlternation", "Y-maze spontaneous alternation", "cognitive", OutcomeDirection.HigherIsBetter, "%"),
        Outcome("norDiscrimination", "Novel object recognition discrimination index", "cognitive", OutcomeDirection.HigherIsBetter, "index", "%"),
        Outcome("rotarodLatency", "Rotarod latency to fall", "motor", OutcomeDirection.HigherIsBetter, "s"),
        Outcome("apomorphineRotations", "Apomorphine-induced rotations", "motor", OutcomeDirection.HigherIsWorse, "rotations/min", "rotations"),
        Outcome("poleTest", "Pole test time", "motor", OutcomeDirection.HigherIsWorse, "s"),
        Outcome("gripStrength", "Grip strength", "motor", OutcomeDirection.HigherIsBetter, "g", "N", "g/g body weight"),
        Outcome("eaeClinicalScore", "EAE clinical score", "motor", OutcomeDirection.HigherIsWorse, "score"),
        Outcome("amyloidPlaqueLoad", "Amyloid-β plaque load", "pathology", OutcomeDirection.HigherIsWorse, "%", "plaques/mm²", "pg/mg"),
        Outcome("phosphoTau", "Phosphorylated tau", "pathology", OutcomeDirection.HigherIsWorse, "% of control", "fold change", "pg/mg"),
        Outcome("dopaminergicNeurons", "Dopaminergic neurons (TH+ cells)", "pathology", OutcomeDirection.HigherIsBetter, "cells", "cells/mm²", "% of contralateral"),
        Outcome("lesionVolume", "Lesion or infarct volume", "pathology", OutcomeDirection.HigherIsWorse, "mm³", "%"),
        Outcome("demyelination", "Demyelination", "pathology", OutcomeDirection.HigherIsWorse, "%", "score"),
        Outcome("microglialActivation", "Microglial activation (Iba1+/CD68+)", "neuroinflammation", OutcomeDirection.HigherIsWorse, "cells/mm²", "%", "fold change"),
        Outcome("il1b", "IL-1β", "neuroinflammation", OutcomeDirection.HigherIsWorse, "pg/mL", "pg/mg", "fold change"),
        Outcome("tnfA", "TNF-α", "neuroinflammation", OutcomeDirection.HigherIsWorse, "pg/mL", "pg/mg", "fold change"),
        Outcome("il6", "IL-6", "neuroinflammation", OutcomeDirection.HigherIsWorse, "pg/mL", "pg/mg", "fold change"),
        Outcome("il10", "IL-10", "neuroinflammation", OutcomeDirection.HigherIsBetter, "pg/mL", "pg/mg", "fold change"),
        new OutcomeDefinition
        {
            Key = "mortality", Label = "Mortality (deaths / animals)", Domain = "survival",
            DefaultDirection = OutcomeDirection.HigherIsWorse, DataType = OutcomeDataType.Dichotomous,
            AllowedUnits = ["deaths"],
        },
    ];

    private static FieldDefinition Choice(string key, string label, bool required, params (string Value, string Label)[] options) =>
        new()
        {
            Key = key, Label = label, Type = FieldType.Choice, Required = required, AllowOther = true,
            Options = [.. options.Select(o => new ChoiceOption(o.Value, o.Label))],
        };

    private static FieldDefinition Checklist(string key, string label, params (string Value, string Label)[] items) =>
        new()
        {
            Key = key, Label = label, Type = FieldType.Checklist, AllowOther = true,
            Options = [.. items.Select(o => new ChoiceOption(o.Value, o.Label))],
        };

    private static FieldDefinition Text(string key, string label) =>
        new() { Key = key, Label = label, Type = FieldType.Text };

    private static FieldDefinition Number(string key, string label, IReadOnlyList<string> units, double? minimum = null,
        bool integerOnly = false, bool repeated = false, bool required = false) =>
        new()
        {
            Key = key, Label = label, Type = FieldType.Number, AllowedUnits = units, Minimum = minimum,
            IntegerOnly = integerOnly, Repeated = repeated, Required = required,
        };

    private static OutcomeDefinition Outcome(string key, string label, string domain, OutcomeDirection direction, params string[] units) =>
        new() { Key = key, Label = label, Domain = domain, DefaultDirection = direction, AllowedUnits = units };
}
