using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Suggestions.Classification;
using Suggestions.Queueing;

namespace Suggestions.Storage;

/// <summary>The review office's tables (design: docs/storage-design.md).</summary>
public interface ISuggestionStore
{
    /// <summary>Inserts the row; false when a row with this tracking number exists already.</summary>
    Task<bool> TryAddAsync(SuggestionRecord record, CancellationToken cancellationToken);

    Task<SuggestionRecord?> GetAsync(string trackingNumber, CancellationToken cancellationToken);

    /// <summary>Replaces the row if it still has <paramref name="eTag"/>; false when someone changed it meanwhile.</summary>
    Task<bool> TryReplaceAsync(SuggestionRecord record, string eTag, CancellationToken cancellationToken);

    /// <summary>Writes the row of the reviewer index for the record's current category and status.</summary>
    Task UpsertIndexAsync(SuggestionRecord record, CancellationToken cancellationToken);

    /// <summary>Removes the index row a record had under an earlier category/status/review flag (absent: nothing to do).</summary>
    Task DeleteIndexAsync(SuggestionRecord record, string category, string status, bool needsReview, CancellationToken cancellationToken);

    Task<ReviewPage> ListAsync(string campaignId, string category, string status, string? continuationToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>How many proposals a campaign holds per category and status (for summaries).</summary>
    Task<IReadOnlyDictionary<(string Category, string Status), int>> CountAsync(string campaignId, IEnumerable<string> categories, CancellationToken cancellationToken);
}

public sealed class TableSuggestionStore(TableServiceClient tables) : ISuggestionStore
{
    private const string DetailRowKey = "detail";
    private readonly TableClient _suggestions = tables.GetTableClient(StorageNames.SuggestionsTable);
    private readonly TableClient _index = tables.GetTableClient(StorageNames.ReviewIndexTable);

    public async Task<bool> TryAddAsync(SuggestionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var response = await _suggestions.AddEntityAsync(ToEntity(record), cancellationToken);
            record.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(SuggestionRecord record, string eTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var response = await _suggestions.UpdateEntityAsync(ToEntity(record), new ETag(eTag), TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag?.ToString();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task DeleteIndexAsync(SuggestionRecord record, string category, string status, bool needsReview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await _index.DeleteEntityAsync(IndexPartition(record.CampaignId, category, status), IndexRowKey(record.ReceivedAt, needsReview, record.TrackingNumber), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }

    public async Task<SuggestionRecord?> GetAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        var response = await _suggestions.GetEntityIfExistsAsync<TableEntity>(trackingNumber, DetailRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async Task UpsertIndexAsync(SuggestionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entity = new TableEntity(IndexPartition(record.CampaignId, record.Category, record.Status), IndexRowKey(record.ReceivedAt, record.NeedsReview, record.TrackingNumber))
        {
            ["TrackingNumber"] = record.TrackingNumber,
            ["Title"] = record.Title.Length > 100 ? record.Title[..100] : record.Title,
            ["Channel"] = record.Channel,
            ["District"] = record.District,
            ["ReceivedAt"] = record.ReceivedAt,
            ["Confidence"] = record.Confidence,
            ["NeedsReview"] = record.NeedsReview,
            ["Hints"] = string.Join(',', record.Hints),
        };
        await _index.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<ReviewPage> ListAsync(string campaignId, string category, string status, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var partition = IndexPartition(campaignId, category, status);
        var pages = _index.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            var items = page.Values.Select(e => new ReviewListItem(
                e.GetString("TrackingNumber"),
                e.GetString("Title") ?? "",
                category,
                status,
                e.GetString("Channel") ?? "",
                e.GetString("District"),
                e.GetDateTimeOffset("ReceivedAt") ?? default,
                e.GetDouble("Confidence") ?? 0,
                e.GetBoolean("NeedsReview") ?? false,
                SplitList(e.GetString("Hints")))).ToList();
            return new ReviewPage(items, page.ContinuationToken);
        }

        return new ReviewPage([], null);
    }

    public async Task<IReadOnlyDictionary<(string Category, string Status), int>> CountAsync(string campaignId, IEnumerable<string> categories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var counts = new Dictionary<(string, string), int>();
        foreach (var category in categories)
        {
            foreach (var status in SuggestionStatus.All)
            {
                // Key-only query of one partition: the index partitions are the counters.
                var partition = IndexPartition(campaignId, category, status);
                var count = 0;
                await foreach (var _ in _index.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
                {
                    count++;
                }

                if (count > 0)
                {
                    counts[(category, status)] = count;
                }
            }
        }

        return counts;
    }

    /// <summary>One partition per reviewer queue: campaign, category and status.</summary>
    public static string IndexPartition(string campaignId, string category, string status) => $"{campaignId}|{category}|{status}";

    /// <summary>
    /// Proposals the classifier was unsure of first (<c>0</c> before <c>1</c>), then inverted ticks, so each
    /// group reads newest first; the tracking number keeps keys unique.
    /// </summary>
    public static string IndexRowKey(DateTimeOffset receivedAt, bool needsReview, string trackingNumber) =>
        $"{(needsReview ? '0' : '1')}-{(DateTimeOffset.MaxValue.UtcTicks - receivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{trackingNumber}";

    private static TableEntity ToEntity(SuggestionRecord r) => new(r.TrackingNumber, DetailRowKey)
    {
        ["CampaignId"] = r.CampaignId,
        ["Channel"] = r.Channel,
        ["ReceivedAt"] = r.ReceivedAt,
        ["Title"] = r.Title,
        ["Content"] = r.Content,
        ["CitizenCategory"] = r.CitizenCategory,
        ["CitizenDistrict"] = r.CitizenDistrict,
        ["ContactName"] = r.Contact?.Name,
        ["ContactPhone"] = r.Contact?.Phone,
        ["ContactEmail"] = r.Contact?.Email,
        ["Consent"] = r.Consent,
        ["Status"] = r.Status,
        ["Category"] = r.Category,
        ["Confidence"] = r.Confidence,
        ["NeedsReview"] = r.NeedsReview,
        ["Alternatives"] = JsonSerializer.Serialize(r.Alternatives, StoreJsonContext.Default.IReadOnlyListCategoryScore),
        ["Reasons"] = JsonSerializer.Serialize(r.Reasons, StoreJsonContext.Default.IReadOnlyListString),
        ["Hints"] = string.Join(',', r.Hints),
        ["District"] = r.District,
        ["ModelVersion"] = r.ModelVersion,
        ["ClassifiedAt"] = r.ClassifiedAt,
        ["UpdatedAt"] = r.UpdatedAt,
        ["PublicReply"] = r.PublicReply,
        ["DecisionReason"] = r.DecisionReason,
        ["DuplicateOf"] = r.DuplicateOf,
        ["DecidedBy"] = r.DecidedBy,
        ["DecidedAt"] = r.DecidedAt,
        ["DecidedFromAction"] = r.DecidedFrom?.Action,
        ["DecidedFromCategory"] = r.DecidedFrom?.Category,
        ["DecidedFromStatus"] = r.DecidedFrom?.Status,
        ["DecidedFromNeedsReview"] = r.DecidedFrom?.NeedsReview,
        ["DecidedFromModelCategory"] = r.DecidedFrom?.ModelCategory,
    };

    private static SuggestionRecord FromEntity(TableEntity e)
    {
        var name = e.GetString("ContactName");
        var phone = e.GetString("ContactPhone");
        var email = e.GetString("ContactEmail");
        return new SuggestionRecord
        {
            TrackingNumber = e.PartitionKey,
            CampaignId = e.GetString("CampaignId"),
            Channel = e.GetString("Channel"),
            ReceivedAt = e.GetDateTimeOffset("ReceivedAt") ?? default,
            Title = e.GetString("Title") ?? "",
            Content = e.GetString("Content") ?? "",
            CitizenCategory = e.GetString("CitizenCategory"),
            CitizenDistrict = e.GetString("CitizenDistrict"),
            Contact = name is null && phone is null && email is null ? null : new ContactDetails(name, phone, email),
            Consent = e.GetBoolean("Consent") ?? false,
            Status = e.GetString("Status"),
            Category = e.GetString("Category"),
            Confidence = e.GetDouble("Confidence") ?? 0,
            NeedsReview = e.GetBoolean("NeedsReview") ?? false,
            Alternatives = JsonSerializer.Deserialize(e.GetString("Alternatives") ?? "[]", StoreJsonContext.Default.IReadOnlyListCategoryScore) ?? [],
            Reasons = JsonSerializer.Deserialize(e.GetString("Reasons") ?? "[]", StoreJsonContext.Default.IReadOnlyListString) ?? [],
            Hints = SplitList(e.GetString("Hints")),
            District = e.GetString("District"),
            ModelVersion = e.GetString("ModelVersion"),
            ClassifiedAt = e.GetDateTimeOffset("ClassifiedAt"),
            UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
            PublicReply = e.GetString("PublicReply"),
            DecisionReason = e.GetString("DecisionReason"),
            DuplicateOf = e.GetString("DuplicateOf"),
            DecidedBy = e.GetString("DecidedBy"),
            DecidedAt = e.GetDateTimeOffset("DecidedAt"),
            DecidedFrom = e.GetString("DecidedFromAction") is { } action && e.GetString("DecidedFromCategory") is { } category && e.GetString("DecidedFromStatus") is { } status
                ? new DecisionOrigin(action, category, status, e.GetBoolean("DecidedFromNeedsReview") ?? false, e.GetString("DecidedFromModelCategory"))
                : null,
            ETag = e.ETag.ToString(),
        };
    }

    private static string[] SplitList(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<CategoryScore>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StoreJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
