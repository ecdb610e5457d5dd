using EvSysReview.Contracts.Screening;

namespace EvSysReview.Reviews.Protocols;

/// <summary>Field-by-field checks of a protocol a lead submits; every error names its field.</summary>
public static class ProtocolValidation
{
    private static readonly string[] KnownTools = ["syrcle", "rob2", "robins-i"];

    public static Dictionary<string, string[]> Validate(Protocol? protocol)
    {
        var errors = new Dictionary<string, string[]>();
        if (protocol is null)
        {
            errors["protocol"] = ["The protocol is required."];
            return errors;
        }

        if (protocol.Question is null || string.IsNullOrWhiteSpace(protocol.Question.Population)) errors["protocol.question.population"] = ["Describe the population."];
        if (protocol.Question is null || string.IsNullOrWhiteSpace(protocol.Question.Intervention)) errors["protocol.question.intervention"] = ["Describe the intervention."];
        // Screening asks "does this record meet the criteria?" and synthesis pools outcomes: a protocol
        // with neither leaves reviewers nothing to judge against and extraction nothing to collect.
        if (protocol.Question is null || protocol.Question.Outcomes is null || !protocol.Question.Outcomes.Any(o => !string.IsNullOrWhiteSpace(o))) errors["protocol.question.outcomes"] = ["List at least one outcome."];
        if (protocol.Eligibility is null) errors["protocol.eligibility"] = ["Eligibility criteria are required."];
        else if (protocol.Eligibility.Include is null || !protocol.Eligibility.Include.Any(c => !string.IsNullOrWhiteSpace(c))) errors["protocol.eligibility.include"] = ["List at least one inclusion criterion."];
        if (protocol.ExclusionReasons is null || protocol.ExclusionReasons.Count == 0) errors["protocol.exclusionReasons"] = ["List at least one exclusion reason."];
        else if (protocol.ExclusionReasons.Any(string.IsNullOrWhiteSpace)) errors["protocol.exclusionReasons"] = ["Exclusion reasons cannot be blank."];
        else if (protocol.ExclusionReasons.Distinct(StringComparer.OrdinalIgnoreCase).Count() != protocol.ExclusionReasons.Count) errors["protocol.exclusionReasons"] = ["Exclusion reasons must be distinct."];
        if (protocol.HighlightTerms is null) errors["protocol.highlightTerms"] = ["Highlight terms are required (lists may be empty)."];
        if (protocol.Screening is null) errors["protocol.screening"] = ["Screening settings are required."];
        else
        {
            if (protocol.Screening.ReviewersPerRecord is not (1 or 2)) errors["protocol.screening.reviewersPerRecord"] = ["Must be 1 or 2."];
            if (protocol.Screening.Blinded is null) errors["protocol.screening.blinded"] = ["Say true or false: whether reviewers see each other's decisions while a record is open."];
            if (protocol.Screening.FullTextStage is null) errors["protocol.screening.fullTextStage"] = ["Say true or false: whether title/abstract includes go on to a full-text stage."];
        }
        if (protocol.RiskOfBiasTools is null) errors["protocol.riskOfBiasTools"] = ["Map each study design to a tool (may be empty)."];
        else
        {
            foreach (var (design, tool) in protocol.RiskOfBiasTools)
            {
                // A design screening never sends would map a tool no study ever gets.
                if (!StudyDesigns.All.Contains(design)) errors[$"protocol.riskOfBiasTools.{design}"] = [$"Unknown study design '{design}'; use one of {string.Join(", ", StudyDesigns.All)}."];
                else if (!KnownTools.Contains(tool)) errors[$"protocol.riskOfBiasTools.{design}"] = [$"Unknown tool '{tool}'; use one of {string.Join(", ", KnownTools)}."];
            }
        }

        return errors;
    }
}
