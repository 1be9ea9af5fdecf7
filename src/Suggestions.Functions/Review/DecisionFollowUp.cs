using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Suggestions.Classification.Training;
using Suggestions.Storage;

namespace Suggestions.Review;

/// <summary>A decision's follow-up on the queue: which proposal, and the state the decision was made on.</summary>
public sealed record DecisionFollowUpMessage(string TrackingNumber, DecisionOrigin From);

/// <summary>
/// The rows that follow a reviewer's decision, which no transaction covers with it (they are in other tables): the
/// proposal's queue entry, the category change kept for training (<c>Corrections</c>), and the category the decision
/// settled on beside the classifier's answer (<c>ReviewedCategories</c>). Each is written so that writing it again changes
/// nothing. The decision endpoint writes them at once. It first puts a follow-up on the queue, due after a delay. So when
/// a write fails, or the app stops between the decision and its rows, the queue trigger writes them again. A correction
/// reaches training either way.
/// </summary>
public sealed partial class DecisionFollowUp(
    ISuggestionStore store,
    ICorrectionStore corrections,
    IReviewedCategoryStore reviewedCategories,
    IAzureClientFactory<QueueServiceClient> queues,
    IOptions<ReviewOptions> options,
    ILogger<DecisionFollowUp> logger)
{
    private readonly QueueClient _queue = queues.CreateClient(StorageClientNames.Base64).GetQueueClient(StorageNames.DecisionFollowUpQueue);

    /// <summary>Queues the follow-up of a decision about to be stored on <paramref name="record"/>; returns once it is durable.</summary>
    public async Task ScheduleAsync(SuggestionRecord record, DecisionOrigin from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var body = JsonSerializer.SerializeToUtf8Bytes(new DecisionFollowUpMessage(record.TrackingNumber, from), FollowUpJsonContext.Default.DecisionFollowUpMessage);
        // Due after the endpoint's own writes (ReviewOptions.DecisionFollowUpDelay), which it repeats.
        await _queue.SendMessageAsync(new BinaryData(body), visibilityTimeout: options.Value.DecisionFollowUpDelay, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Writes the rows that follow the decision stored on <paramref name="record"/>, which was made on the state
    /// <paramref name="from"/> (for a queued follow-up, possibly an earlier decision's, superseded since): the current queue
    /// entry (new first, so the proposal never drops out of every queue), the entry of <paramref name="from"/>'s state removed
    /// if the proposal has left it, the change from <paramref name="from"/>'s category kept for training if the category is
    /// not that any more, and the current category beside the classifier's answer.
    /// </summary>
    public async Task WriteAsync(SuggestionRecord record, DecisionOrigin from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(from);
        var at = record.DecidedAt ?? throw new ArgumentException("The proposal carries no decision.", nameof(record));
        await store.UpsertIndexAsync(record, cancellationToken);
        if (from.Category != record.Category || from.Status != record.Status || from.NeedsReview != record.NeedsReview)
        {
            await store.DeleteIndexAsync(record, from.Category, from.Status, from.NeedsReview, cancellationToken);
        }

        if (from.Category != record.Category)
        {
            await corrections.SaveAsync(new Correction(record.CampaignId, record.TrackingNumber, record.Title, record.Content, from.Category, record.Category, at), cancellationToken);
        }

        var action = record.DecidedFrom?.Action ?? from.Action;
        await reviewedCategories.SaveAsync(
            new ReviewedCategory(record.CampaignId, record.TrackingNumber, record.Title, record.Content, record.Category, action, from.ModelCategory, from.ModelCategory is null ? null : record.ModelVersion, at),
            cancellationToken);
    }

    /// <summary>
    /// A queued follow-up (the queue trigger's body): writes the rows again for the proposal's stored decision. A proposal
    /// no one has decided (the decision's replace failed, and nobody else decided) needs nothing. A body that is no
    /// follow-up cannot become one by retrying: it is logged and dropped.
    /// </summary>
    public async Task CompleteAsync(string body, CancellationToken cancellationToken)
    {
        DecisionFollowUpMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, FollowUpJsonContext.Default.DecisionFollowUpMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is not { TrackingNumber.Length: > 0, From: { Action: not null, Category: not null, Status: not null } })
        {
            LogUnreadable(logger);
            return;
        }

        var record = await store.GetAsync(message.TrackingNumber, cancellationToken);
        if (record?.DecidedAt is null)
        {
            return;
        }

        await WriteAsync(record, message.From, cancellationToken);
        LogCompleted(logger, record.TrackingNumber);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision follow-up for {TrackingNumber} written")]
    private static partial void LogCompleted(ILogger logger, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A decision follow-up message could not be read; dropped")]
    private static partial void LogUnreadable(ILogger logger);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DecisionFollowUpMessage))]
internal sealed partial class FollowUpJsonContext : JsonSerializerContext;
