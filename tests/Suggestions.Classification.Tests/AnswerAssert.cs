namespace Suggestions.Classification.Tests;

/// <summary>Comparisons of two classifier answers, field by field (the record's lists compare by reference).</summary>
internal static class AnswerAssert
{
    /// <summary>The same category, confidence, alternatives and reasons: what the category model decides.</summary>
    public static void SameCategoryAnswer(ClassificationResult expected, ClassificationResult actual)
    {
        Assert.Equal(expected.Category, actual.Category);
        Assert.Equal(expected.Confidence, actual.Confidence);
        Assert.Equal(expected.Alternatives, actual.Alternatives);
        Assert.Equal(expected.Reasons, actual.Reasons);
    }

    /// <summary>The same answer in every field but the model version.</summary>
    public static void SameAnswer(ClassificationResult expected, ClassificationResult actual)
    {
        SameCategoryAnswer(expected, actual);
        Assert.Equal(expected.NeedsReview, actual.NeedsReview);
        Assert.Equal(expected.Hints, actual.Hints);
        Assert.Equal(expected.District, actual.District);
    }
}
