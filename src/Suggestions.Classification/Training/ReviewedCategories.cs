using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Suggestions.Classification.Training;

/// <summary>
/// The category a proposal was left in by a reviewer's decision (table <c>ReviewedCategories</c>), with the
/// classifier's own answer beside it. Every decision writes one (the latest decision on a proposal wins), so
/// unlike <see cref="Correction"/>s — only the changed ones — these are a fair sample of what reviewers
/// decided: what <see cref="Recalibrator"/> needs to fit confidences to a city's own messages.
/// </summary>
/// <param name="Action">The decision: <c>accept</c>, <c>reject</c>, <c>duplicate</c> or <c>recategorise</c>.</param>
/// <param name="ModelCategory">The classifier's category before any reviewer changed it, or null when it never classified the text.</param>
/// <param name="ModelVersion">The model that gave <paramref name="ModelCategory"/>.</param>
public sealed record ReviewedCategory(
    string CampaignId,
    string TrackingNumber,
    string Title,
    string Content,
    string Category,
    string Action,
    string? ModelCategory,
    string? ModelVersion,
    DateTimeOffset ReviewedAt);

/// <summary>Where recalibration finds reviewed categories.</summary>
public interface IReviewedCategorySource
{
    IAsyncEnumerable<ReviewedCategory> ReadAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>Reviewed categories held in memory: tests, and callers that already have them.</summary>
public sealed class InMemoryReviewedCategorySource(IEnumerable<ReviewedCategory> reviewed) : IReviewedCategorySource
{
    private readonly List<ReviewedCategory> _reviewed = [.. reviewed];

    public async IAsyncEnumerable<ReviewedCategory> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in _reviewed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

/// <summary>
/// Reads the <c>ReviewedCategories</c> table: PartitionKey = campaign id, RowKey = tracking number, properties
/// Title, Content, Category, Action, ModelCategory, ModelVersion (strings) and ReviewedAt (DateTimeOffset).
/// With a campaign it reads that partition only; otherwise the whole table (an offline job).
/// </summary>
public sealed class TableReviewedCategorySource(TableClient table, string? campaignId = null) : IReviewedCategorySource
{
    public const string TableName = "ReviewedCategories";

    private readonly TableClient _table = table ?? throw new ArgumentNullException(nameof(table));

    public static TableReviewedCategorySource FromConnectionString(string connectionString, string? campaignId = null) =>
        new(new TableClient(connectionString, TableName), campaignId);

    public async IAsyncEnumerable<ReviewedCategory> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = campaignId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {campaignId}");
        await foreach (var entity in TableRows.ReadAsync(_table, filter, cancellationToken).ConfigureAwait(false))
        {
            var category = entity.GetString("Category");
            var content = entity.GetString("Content");
            if (string.IsNullOrWhiteSpace(category) || string.IsNullOrWhiteSpace(content))
            {
                continue;
            }

            yield return new ReviewedCategory(
                entity.PartitionKey,
                entity.RowKey,
                entity.GetString("Title") ?? string.Empty,
                content,
                category,
                entity.GetString("Action") ?? string.Empty,
                entity.GetString("ModelCategory"),
                entity.GetString("ModelVersion"),
                entity.GetDateTimeOffset("ReviewedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue);
        }
    }
}

/// <summary>Which reviewed categories count as labels.</summary>
public sealed record ReviewedSelection
{
    /// <summary>
    /// Decisions whose category a reviewer stands behind: accepting a proposal files it under its category
    /// for the officials, and recategorising is an explicit choice. A rejection or a duplicate mark is about
    /// something else, and nobody has a reason to fix the category of a proposal that goes no further.
    /// </summary>
    public IReadOnlyList<string> Actions { get; init; } = ["accept", "recategorise"];

    /// <summary>Only decisions made at or after this time (e.g. since the model in use was deployed).</summary>
    public DateTimeOffset? Since { get; init; }
}

/// <summary>What reading the reviewed categories found.</summary>
/// <param name="Labels">The selected texts as labelled proposals (id = tracking number, batch = campaign).</param>
/// <param name="Read">Rows read.</param>
/// <param name="SkippedAction">Rows left out for their decision.</param>
/// <param name="SkippedDate">Rows left out as older than <see cref="ReviewedSelection.Since"/>.</param>
/// <param name="SkippedCategory">Rows left out for a category the model does not know.</param>
/// <param name="ModelAgreement">Per model version, how many selected texts the model had classified and how many of those reviewers left in the model's category.</param>
public sealed record ReviewedLabels(
    IReadOnlyList<LabeledProposal> Labels,
    int Read,
    int SkippedAction,
    int SkippedDate,
    int SkippedCategory,
    IReadOnlyDictionary<string, (int Classified, int Kept)> ModelAgreement);

public static class ReviewedCategories
{
    /// <summary>
    /// Reads <paramref name="source"/> and turns the rows <paramref name="selection"/> keeps into labelled
    /// proposals in <paramref name="categories"/> (the model's), in a stable order (campaign, tracking number).
    /// </summary>
    public static async Task<ReviewedLabels> ReadLabelsAsync(
        IReviewedCategorySource source, IReadOnlyCollection<string> categories, ReviewedSelection? selection = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(categories);
        selection ??= new ReviewedSelection();
        var known = categories.ToHashSet(StringComparer.Ordinal);
        var actions = selection.Actions.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = new List<ReviewedCategory>();
        var (read, skippedAction, skippedDate, skippedCategory) = (0, 0, 0, 0);
        await foreach (var row in source.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            read++;
            if (!actions.Contains(row.Action))
            {
                skippedAction++;
            }
            else if (selection.Since is { } since && row.ReviewedAt < since)
            {
                skippedDate++;
            }
            else if (!known.Contains(row.Category))
            {
                skippedCategory++;
            }
            else
            {
                kept.Add(row);
            }
        }

        kept = [.. kept.OrderBy(r => r.CampaignId, StringComparer.Ordinal).ThenBy(r => r.TrackingNumber, StringComparer.Ordinal)];
        var agreement = kept
            .Where(r => r.ModelCategory is not null && r.ModelVersion is not null)
            .GroupBy(r => r.ModelVersion!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.Count(), g.Count(r => r.ModelCategory == r.Category)), StringComparer.Ordinal);
        var labels = kept
            .Select(r => new LabeledProposal(r.TrackingNumber, r.Title, r.Content, r.Category, [], [], null) { Batch = r.CampaignId })
            .ToList();
        return new ReviewedLabels(labels, read, skippedAction, skippedDate, skippedCategory, agreement);
    }

    /// <summary>A one-line account of <paramref name="labels"/>, for the command line.</summary>
    public static string Describe(ReviewedLabels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var c = CultureInfo.InvariantCulture;
        var text = string.Create(c, $"{labels.Read} reviewed rows read, {labels.Labels.Count} used (left out: {labels.SkippedAction} for their decision, {labels.SkippedDate} as too old, {labels.SkippedCategory} for an unknown category)");
        foreach (var (version, (classified, kept)) in labels.ModelAgreement.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text += string.Create(c, $"; {version}: reviewers kept its category on {kept} of {classified} ({kept / (double)classified:P1})");
        }

        return text;
    }
}
