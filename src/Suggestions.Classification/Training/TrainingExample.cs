using Suggestions.Classification.Text;

namespace Suggestions.Classification.Training;

/// <summary>
/// What the trainer learns from: a text, its category, and — for corpus examples — its hint labels.
/// <see cref="HasHintLabels"/> is false for reviewers' corrections, which say nothing about the criteria.
/// </summary>
public sealed record TrainingExample(
    string Title,
    string Text,
    string Category,
    IReadOnlyList<string> Hints,
    double Weight,
    bool HasHintLabels,
    string Source)
{
    /// <summary>Other categories a reviewer would also accept (corpus <c>also</c>); empty for corrections.</summary>
    public IReadOnlyList<string> Also { get; init; } = [];

    /// <summary>
    /// Who wrote the text, as far as the corpus tells: its <c>batch</c> (from the fourth session on one writer's texts each; the
    /// first sessions' batches hold several writers and count as one); null for a correction or a text of no batch. Read only
    /// by <see cref="TrainingOptions.WriterFloor"/>.
    /// </summary>
    public string? Writer { get; init; }

    public static TrainingExample FromCorpus(LabeledProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        return new(proposal.Title, proposal.Text, proposal.Category, proposal.Hints, 1, true, "corpus:" + proposal.Id) { Also = proposal.Also, Writer = proposal.Batch };
    }
}

/// <summary>Counts of what merging corrections did.</summary>
public sealed record MergeSummary(int Corrections, int Overridden, int Added, int Ignored);

/// <summary>
/// Folds reviewers' corrections into the corpus: the latest correction of a text wins; a corrected text
/// already in the corpus takes the new label, any other becomes a new example; both weigh
/// <c>weight</c> times a corpus example, because a reviewer's word on a real message outranks our
/// written examples.
/// </summary>
public static class CorrectionMerger
{
    public static IReadOnlyList<TrainingExample> Merge(
        IEnumerable<LabeledProposal> corpus, IEnumerable<Correction> corrections, double weight, out MergeSummary summary)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(corrections);
        var examples = corpus.Select(TrainingExample.FromCorpus).ToList();
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < examples.Count; i++)
        {
            byText.TryAdd(Key(examples[i].Text), i);
        }

        var all = corrections.ToList();
        var latest = all
            .Where(c => CategoryCodes.All.Contains(c.NewCategory) && !string.IsNullOrWhiteSpace(c.Content))
            .GroupBy(c => Key(c.Content), StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.CorrectedAt).Last())
            .OrderBy(c => c.CorrectedAt)
            .ToList();
        int overridden = 0, added = 0;
        foreach (var correction in latest)
        {
            if (byText.TryGetValue(Key(correction.Content), out var index))
            {
                examples[index] = examples[index] with
                {
                    Category = correction.NewCategory,
                    Also = [],
                    Weight = weight,
                    Source = $"correction:{correction.CampaignId}/{correction.TrackingNumber}",
                };
                overridden++;
            }
            else
            {
                examples.Add(new TrainingExample(
                    correction.Title, correction.Content, correction.NewCategory, [], weight, false,
                    $"correction:{correction.CampaignId}/{correction.TrackingNumber}"));
                added++;
            }
        }

        summary = new MergeSummary(all.Count, overridden, added, all.Count - latest.Count);
        return examples;
    }

    private static string Key(string text) => new([.. TextNormalizer.Normalize(text).Where(char.IsLetterOrDigit)]);
}
