using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Suggestions.Campaigns;
using Suggestions.Queueing;
using Suggestions.Storage;
using Suggestions.Tracking;

namespace Suggestions.Intake;

/// <summary>The result of a submission that passed validation.</summary>
public abstract record IntakeOutcome
{
    public sealed record Accepted(string TrackingNumber, DateTimeOffset ReceivedAt) : IntakeOutcome;

    public sealed record IdempotencyConflict : IntakeOutcome;

    public sealed record StorageUnavailable : IntakeOutcome;
}

/// <summary>
/// Accepts a proposal from any channel: gives it a tracking number and puts it on the intake queue. The
/// citizen's acknowledgement depends on the queue write alone — one durable write — so nothing
/// acknowledged can be lost, and an <c>Idempotency-Key</c> makes a retry return the same number. Nothing
/// else is written: the number's seal (<see cref="TrackingSeal"/>) lets the status say "received" before filing.
/// </summary>
public sealed partial class IntakeService(
    ISuggestionQueueClient queue,
    IIdempotencyStore idempotency,
    ITrackingSealSource seals,
    TimeProvider time,
    ILogger<IntakeService> logger)
{
    public static readonly TimeSpan IdempotencyWindow = TimeSpan.FromHours(24);

    public async Task<IntakeOutcome> SubmitAsync(ValidSuggestion suggestion, CampaignDefinition campaign, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        ArgumentNullException.ThrowIfNull(campaign);
        try
        {
            return idempotencyKey is null
                ? await SubmitNewAsync(suggestion, campaign, cancellationToken)
                : await SubmitIdempotentAsync(suggestion, campaign, idempotencyKey, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            LogStorageUnavailable(logger, e.GetType().Name);
            return new IntakeOutcome.StorageUnavailable();
        }
    }

    private async Task<IntakeOutcome> SubmitNewAsync(ValidSuggestion suggestion, CampaignDefinition campaign, CancellationToken cancellationToken)
    {
        var trackingNumber = (await seals.GetAsync(cancellationToken)).NewNumber().Value;
        var receivedAt = time.GetUtcNow();
        await queue.EnqueueAsync(ToMessage(suggestion, campaign, trackingNumber, receivedAt), cancellationToken);
        LogAccepted(logger, trackingNumber, suggestion.Channel);
        return new IntakeOutcome.Accepted(trackingNumber, receivedAt);
    }

    private async Task<IntakeOutcome> SubmitIdempotentAsync(ValidSuggestion suggestion, CampaignDefinition campaign, string key, CancellationToken cancellationToken)
    {
        var keyHash = Hash(key);
        var requestHash = Hash(RequestFingerprint(suggestion, campaign));
        var now = time.GetUtcNow();

        // Two rounds at most: a lost race to claim the key is settled by reading the winner's record.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var existing = await idempotency.GetAsync(keyHash, cancellationToken);
            if (existing is not null && now - existing.ReceivedAt < IdempotencyWindow)
            {
                if (existing.RequestHash != requestHash)
                {
                    return new IntakeOutcome.IdempotencyConflict();
                }

                if (!existing.Queued)
                {
                    // The first attempt claimed the key but may have failed before its queue write.
                    // Enqueue again with the same number: processing is idempotent per tracking number.
                    await queue.EnqueueAsync(ToMessage(suggestion, campaign, existing.TrackingNumber, existing.ReceivedAt), cancellationToken);
                    await idempotency.MarkQueuedAsync(existing, cancellationToken);
                }

                LogReplayed(logger, existing.TrackingNumber);
                return new IntakeOutcome.Accepted(existing.TrackingNumber, existing.ReceivedAt);
            }

            var number = (await seals.GetAsync(cancellationToken)).NewNumber().Value;
            var record = new IdempotencyRecord(keyHash, requestHash, number, now, Queued: false, existing?.ETag);
            var claimed = existing is null
                ? await idempotency.TryAddAsync(record, cancellationToken)
                : await idempotency.TryReplaceAsync(record, cancellationToken);
            if (!claimed)
            {
                continue;
            }

            await queue.EnqueueAsync(ToMessage(suggestion, campaign, record.TrackingNumber, now), cancellationToken);
            await idempotency.MarkQueuedAsync(record, cancellationToken);
            LogAccepted(logger, record.TrackingNumber, suggestion.Channel);
            return new IntakeOutcome.Accepted(record.TrackingNumber, now);
        }

        return new IntakeOutcome.IdempotencyConflict();
    }

    private static SuggestionMessage ToMessage(ValidSuggestion s, CampaignDefinition campaign, string trackingNumber, DateTimeOffset receivedAt)
    {
        var contact = s.Name is null && s.Phone is null && s.Email is null ? null : new ContactDetails(s.Name, s.Phone, s.Email);
        var payload = new ProposalPayload(campaign.Id, s.Channel, receivedAt, s.Title, s.Content, s.Category, s.District, contact, s.Consent);
        return new SuggestionMessage(SuggestionMessage.CurrentVersion, trackingNumber, ClaimCheck: null, payload);
    }

    private static string RequestFingerprint(ValidSuggestion s, CampaignDefinition campaign) =>
        string.Join('\u001f', campaign.Id, s.Channel, s.Title, s.Content, s.Category, s.District, s.Name, s.Phone, s.Email, s.Consent);

    /// <summary>Keys and bodies are hashed: keys may hold characters tables refuse, bodies personal data.</summary>
    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted proposal {TrackingNumber} from channel {Channel}")]
    private static partial void LogAccepted(ILogger logger, string trackingNumber, string channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotent retry answered with {TrackingNumber}")]
    private static partial void LogReplayed(ILogger logger, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Intake refused with 503: storage unavailable ({Error})")]
    private static partial void LogStorageUnavailable(ILogger logger, string error);
}
