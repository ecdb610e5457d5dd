using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>An answer to a signalling question (RoB 2) or item (SYRCLE), with the quote from the paper that supports it.</summary>
public sealed record AnswerInput(string? Answer, string? Quote);

/// <summary>A domain judgement stated directly (ROBINS-I), with its support.</summary>
public sealed record StatedJudgementInput(string? Judgement, string? Support);

/// <summary>Replacing a proposed judgement; the reason is required.</summary>
public sealed record OverrideInput(string? Judgement, string? Reason);

/// <summary>
/// PUT .../assessments/me: the caller's whole sheet (a PUT replaces it). Keys are the tool's
/// question ids ("1.1") and domain ids ("D1"). Overall is an override of the overall proposal.
/// </summary>
public sealed record AssessmentRequest(
    string? Tool,
    Dictionary<string, AnswerInput?>? Answers,
    Dictionary<string, StatedJudgementInput?>? StatedJudgements,
    Dictionary<string, OverrideInput?>? Overrides,
    OverrideInput? Overall)
{
    public const int MaxText = 4000;

    /// <summary>The sheet, or every problem found (field → reasons), so the client can fix them all at once.</summary>
    public (AnswerSheet? Sheet, Dictionary<string, string[]> Errors) ToSheet(RiskOfBiasTool tool)
    {
        var errors = new Dictionary<string, string[]>();
        var sheet = AnswerSheet.Empty(tool);

        void Try(string field, Func<AnswerSheet> change)
        {
            try
            {
                sheet = change();
            }
            catch (AssessmentRuleViolation violation)
            {
                errors[field] = [violation.Reason];
            }
        }

        bool TooLong(string field, params string?[] texts)
        {
            if (texts.All(t => t is null || t.Length <= MaxText)) return false;
            errors[field] = [$"At most {MaxText} characters."];
            return true;
        }

        foreach (var (questionId, input) in Answers ?? [])
        {
            var field = $"answers.{questionId}";
            if (input?.Answer is not { Length: > 0 } answer) { errors[field] = ["An answer is required (remove the question to leave it unanswered)."]; continue; }
            if (TooLong(field, input.Quote)) continue;
            Try(field, () => sheet.WithAnswer(tool, questionId, answer, input.Quote));
        }

        foreach (var (domainId, input) in StatedJudgements ?? [])
        {
            var field = $"statedJudgements.{domainId}";
            if (input?.Judgement is not { Length: > 0 } judgement) { errors[field] = ["A judgement is required."]; continue; }
            if (TooLong(field, input.Support)) continue;
            Try(field, () => sheet.WithStatedJudgement(tool, domainId, judgement, input.Support));
        }

        foreach (var (domainId, input) in Overrides ?? [])
        {
            var field = $"overrides.{domainId}";
            if (input?.Judgement is not { Length: > 0 } judgement) { errors[field] = ["A judgement is required."]; continue; }
            if (TooLong(field, input.Reason)) continue;
            Try(field, () => sheet.WithOverride(tool, domainId, judgement, input.Reason ?? ""));
        }

        if (Overall is { } overall)
        {
            if (overall.Judgement is not { Length: > 0 } judgement) errors["overall"] = ["A judgement is required."];
            else if (!TooLong("overall", overall.Reason)) Try("overall", () => sheet.WithOverallOverride(tool, judgement, overall.Reason ?? ""));
        }

        return (errors.Count == 0 ? sheet : null, errors);
    }
}

/// <summary>A consensus answer: the agreed answer, its support, and why (required).</summary>
public sealed record ConsensusAnswerInput(string? Answer, string? Quote, string? Reason);

/// <summary>A consensus judgement (domain or overall) and why (required).</summary>
public sealed record ConsensusJudgementInput(string? Judgement, string? Reason);

/// <summary>
/// PUT .../consensus: decisions to record, each with a reason. Items not named keep their value
/// (the consensus starts from what both assessors agreed on).
/// </summary>
public sealed record ConsensusRequest(
    Dictionary<string, ConsensusAnswerInput?>? Answers,
    Dictionary<string, ConsensusJudgementInput?>? Judgements,
    ConsensusJudgementInput? Overall);
