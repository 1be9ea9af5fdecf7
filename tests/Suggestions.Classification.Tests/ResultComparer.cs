namespace Suggestions.Classification.Tests;

/// <summary>Two answers are the same when everything a reviewer or a citizen sees in them is.</summary>
internal sealed class ResultComparer : IEqualityComparer<ClassificationResult>
{
    public bool Equals(ClassificationResult? x, ClassificationResult? y) =>
        x is not null && y is not null && x.Category == y.Category && x.Confidence == y.Confidence &&
        x.NeedsReview == y.NeedsReview && x.Alternatives.SequenceEqual(y.Alternatives) &&
        x.Reasons.SequenceEqual(y.Reasons) && x.Hints.SequenceEqual(y.Hints) && x.District == y.District;

    public int GetHashCode(ClassificationResult obj) => obj.Category.GetHashCode(StringComparison.Ordinal);
}
