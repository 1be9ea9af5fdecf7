using Microsoft.Extensions.Logging;
using Suggestions.Campaigns;
using Suggestions.Classification;
using Suggestions.Queueing;
using Suggestions.Storage;

namespace Suggestions.Processing;

/// <summary>
/// Classifies one queued proposal and files it for the review office. Safe to run any number of times
/// for the same message: the row is keyed by tracking number and only inserted once; a redelivery
/// finds it and merely makes sure the reviewer index row exists.
/// </summary>
public sealed partial class ProcessingService(
    ISuggestionQueueClient queue,
    ISuggestionStore store,
    IProposalClassifier classifier,
    CampaignCatalog campaigns,
    TimeProvider time,
    ILogger<ProcessingService> logger)
{
    public async Task ProcessAsync(string messageBody, CancellationToken cancellationToken)
    {
        var message = await queue.ReadAsync(messageBody, cancellationToken);
        var proposal = message.Proposal!;

        var record = Classify(message.TrackingNumber, proposal);
        if (!await store.TryAddAsync(record, cancellationToken))
        {
            // Redelivery, a concurrent delivery, or a crash between the two writes: the stored row (perhaps
            // already reviewed) wins; only make sure its index row exists.
            var stored = await store.GetAsync(message.TrackingNumber, cancellationToken);
            await store.UpsertIndexAsync(stored ?? record, cancellationToken);
            LogDuplicateDelivery(logger, message.TrackingNumber);
            return;
        }

        await store.UpsertIndexAsync(record, cancellationToken);
        LogClassified(logger, message.TrackingNumber, record.Category, record.Confidence, record.ModelVersion);
    }

    private SuggestionRecord Classify(string trackingNumber, ProposalPayload proposal)
    {
        var result = classifier.Classify(new ProposalText(proposal.Title, proposal.Content));
        var campaign = campaigns.Find(proposal.CampaignId);
        var district = proposal.CitizenDistrict
            ?? (campaign is null ? result.District : campaigns.DistrictsOf(campaign.Id).Detect(proposal.Title + "\n" + proposal.Content));
        var now = time.GetUtcNow();

        // A broken model must not poison every proposal: a score that is not a number is filed as
        // "unsure" for a person to classify, never thrown (and never written as NaN, which JSON refuses).
        var sane = double.IsFinite(result.Confidence) && result.Alternatives.All(a => double.IsFinite(a.Confidence));
        return new SuggestionRecord
        {
            TrackingNumber = trackingNumber,
            CampaignId = proposal.CampaignId,
            Channel = proposal.Channel,
            ReceivedAt = proposal.ReceivedAt,
            Title = proposal.Title,
            Content = proposal.Content,
            CitizenCategory = proposal.CitizenCategory,
            CitizenDistrict = proposal.CitizenDistrict,
            Contact = proposal.Contact,
            Consent = proposal.Consent,
            Status = SuggestionStatus.Classified,
            Category = result.Category,
            Confidence = sane ? result.Confidence : 0,
            // A citizen's own pick that disagrees with the model is a reason to look twice.
            NeedsReview = !sane || result.NeedsReview || (proposal.CitizenCategory is { } pick && pick != result.Category),
            Alternatives = sane ? result.Alternatives : [],
            Reasons = result.Reasons,
            Hints = result.Hints,
            District = district,
            ModelVersion = result.ModelVersion,
            ClassifiedAt = now,
            UpdatedAt = now,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Classified {TrackingNumber} as {Category} ({Confidence:F2}, model {ModelVersion})")]
    private static partial void LogClassified(ILogger logger, string trackingNumber, string category, double confidence, string? modelVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message for {TrackingNumber} delivered again; the stored row is kept")]
    private static partial void LogDuplicateDelivery(ILogger logger, string trackingNumber);
}
