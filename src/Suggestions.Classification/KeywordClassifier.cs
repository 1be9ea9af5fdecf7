namespace Suggestions.Classification;

/// <summary>
/// A transparent baseline: counts lexicon hits per category. Kept as the fallback when no trained model
/// is available and as a yardstick for the trained model.
/// </summary>
public sealed class KeywordClassifier(DistrictDetector districts) : IProposalClassifier
{
    public string ModelVersion => "keyword-1";

    public ClassificationResult Classify(ProposalText proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var text = proposal.Title + "\n" + proposal.Content;
        var scores = new List<(string Category, int Hits, List<string> Terms)>();
        foreach (var (category, terms) in CategoryLexicon.Terms)
        {
            var found = terms.Where(t => text.Contains(t, StringComparison.Ordinal)).ToList();
            if (found.Count > 0)
            {
                var hits = found.Sum(t => CountOccurrences(text, t));
                scores.Add((category, hits, found));
            }
        }

        var district = districts.Detect(text);
        if (scores.Count == 0)
        {
            return new ClassificationResult(CategoryCodes.Other, 0, true, [], [], [], district, ModelVersion);
        }

        var total = (double)scores.Sum(s => s.Hits);
        var ranked = scores.OrderByDescending(s => s.Hits).ThenBy(s => s.Category, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        var confidence = best.Hits / total;
        return new ClassificationResult(
            best.Category,
            confidence,
            NeedsReview: confidence < 0.6,
            [.. ranked.Skip(1).Take(3).Select(s => new CategoryScore(s.Category, s.Hits / total))],
            best.Terms,
            [],
            district,
            ModelVersion);
    }

    private static int CountOccurrences(string text, string term)
    {
        var count = 0;
        for (var i = text.IndexOf(term, StringComparison.Ordinal); i >= 0; i = text.IndexOf(term, i + term.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
