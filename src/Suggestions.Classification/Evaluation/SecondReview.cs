using System.Text.Json;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Evaluation;

/// <summary>A second reviewer's filing of a labelled text, made without seeing its labels or any model answer.</summary>
public sealed record ReviewLabel(string Id, string Category, IReadOnlyList<string> Also, IReadOnlyList<string> Hints);

/// <summary>How far a second, blind reviewer agrees with the corpus labels, scored exactly as the model is.</summary>
public sealed record SecondReviewReport(
    int Reviewed,
    int Missing,
    EvaluationReport Reviewer,
    double ModelLenientAgainstEither,
    double ModelAgreesWithReviewer);

/// <summary>
/// Compares a set of labels with a second reviewer's: the reviewer's answers go through
/// <see cref="Evaluator"/> like the model's (its confidence is 1, so its calibration figures mean nothing),
/// which says how much of the model's gap to the quality bar two careful people would also disagree on.
/// </summary>
public static class SecondReview
{
    /// <summary>The model identifier a reviewer's answers carry.</summary>
    public const string ReviewerVersion = "second-reviewer";

    /// <summary>Reads JSON Lines <c>{ "id", "category", "also": [], "hints": [] }</c>; a bad line throws with its number.</summary>
    public static IReadOnlyList<ReviewLabel> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var labels = new List<ReviewLabel>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                static IReadOnlyList<string> List(JsonElement root, string name) =>
                    root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
                        ? [.. value.EnumerateArray().Select(v => v.GetString() ?? string.Empty)]
                        : [];
                var category = root.GetProperty("category").GetString() ?? string.Empty;
                if (!CategoryCodes.All.Contains(category))
                {
                    throw new InvalidDataException($"unknown category '{category}'");
                }

                labels.Add(new ReviewLabel(root.GetProperty("id").GetString() ?? string.Empty, category, List(root, "also"), List(root, "hints")));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
            {
                throw new InvalidDataException($"line {number}: {e.Message}", e);
            }
        }

        return labels;
    }

    /// <summary>A reviewer's label as an answer, so it is scored like the model's.</summary>
    public static ClassificationResult AsAnswer(ReviewLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return new ClassificationResult(label.Category, 1, false, [], [], label.Hints, null, ReviewerVersion);
    }

    /// <param name="pairs">The corpus labels and the model's answers.</param>
    /// <param name="reviews">The second reviewer's labels; texts without one are left out of the comparison.</param>
    public static SecondReviewReport Compare(
        IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)> pairs, IReadOnlyList<ReviewLabel> reviews)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(reviews);
        var byId = reviews.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var reviewed = pairs.Where(p => byId.ContainsKey(p.Gold.Id)).ToList();
        if (reviewed.Count == 0)
        {
            throw new InvalidDataException("The second review names none of the texts.");
        }

        var reviewer = Evaluator.Evaluate([.. reviewed.Select(p => (p.Gold, AsAnswer(byId[p.Gold.Id])))]);
        var either = reviewed.Count(p =>
        {
            var review = byId[p.Gold.Id];
            var answer = p.Predicted.Category;
            return answer == p.Gold.Category || p.Gold.Also.Contains(answer) || answer == review.Category || review.Also.Contains(answer);
        });
        var agrees = reviewed.Count(p => p.Predicted.Category == byId[p.Gold.Id].Category);
        return new SecondReviewReport(reviewed.Count, pairs.Count - reviewed.Count, reviewer, either / (double)reviewed.Count, agrees / (double)reviewed.Count);
    }
}
