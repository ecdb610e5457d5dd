namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// A flowchart flattened into mutually exclusive rows (tests prove exclusivity and completeness
/// exhaustively), so row order carries no meaning and each proposal can cite its row.
/// </summary>
public sealed record DecisionTable(string Part, IReadOnlyList<DecisionRow> Rows)
{
    public DecisionRow? FindRow(IReadOnlyDictionary<string, string> answers) =>
        Rows.FirstOrDefault(row => row.Matches(answers));
}
