namespace Suggestions.Classification;

/// <summary>Assigns a proposal to one of the campaign's categories. Pure CPU work: no I/O in the hot path.</summary>
public interface IProposalClassifier
{
    /// <summary>Version of the model that produced the answer; stored with every classification.</summary>
    string ModelVersion { get; }

    ClassificationResult Classify(ProposalText proposal);
}

/// <summary>What the classifier reads: the citizen's title (may be empty) and text.</summary>
public sealed record ProposalText(string Title, string Content);

public sealed record CategoryScore(string Category, double Confidence);

/// <summary>
/// The classifier's answer. <see cref="Category"/> is a category code from api.md (or <c>other</c>);
/// <see cref="Hints"/> are criteria hint codes (<c>multi_issue</c>, <c>personal_grievance</c>, ...).
/// </summary>
public sealed record ClassificationResult(
    string Category,
    double Confidence,
    bool NeedsReview,
    IReadOnlyList<CategoryScore> Alternatives,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Hints,
    string? District,
    string ModelVersion);
