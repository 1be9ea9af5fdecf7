using Suggestions.Queueing;

namespace Suggestions.Storage;

/// <summary>Review status of a proposal (also the public status).</summary>
public static class SuggestionStatus
{
    public const string Received = "received";
    public const string Classified = "classified";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";

    public static IReadOnlyList<string> All { get; } = [Received, Classified, Accepted, Rejected, Duplicate];
}

/// <summary>Everything the review office holds about one proposal.</summary>
public sealed class SuggestionRecord
{
    public required string TrackingNumber { get; init; }
    public required string CampaignId { get; init; }
    public required string Channel { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required string Title { get; init; }
    public required string Content { get; init; }
    public string? CitizenCategory { get; init; }
    public string? CitizenDistrict { get; init; }
    public ContactDetails? Contact { get; init; }
    public bool Consent { get; init; }
    public required string Status { get; set; }
    public required string Category { get; set; }
    public double Confidence { get; set; }
    public bool NeedsReview { get; set; }
    public IReadOnlyList<Classification.CategoryScore> Alternatives { get; set; } = [];
    public IReadOnlyList<string> Reasons { get; set; } = [];
    public IReadOnlyList<string> Hints { get; set; } = [];
    public string? District { get; set; }
    public string? ModelVersion { get; set; }
    public DateTimeOffset? ClassifiedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? PublicReply { get; set; }

    /// <summary>The criterion code a rejection cites (the hint codes: <c>personal_grievance</c>, ...).</summary>
    public string? DecisionReason { get; set; }

    /// <summary>For status <c>duplicate</c>: the proposal this one repeats.</summary>
    public string? DuplicateOf { get; set; }

    /// <summary>The reviewer (token subject/name) who made the last decision.</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>
    /// What the last decision started from, written in the same replace as the decision itself: a retry of that decision
    /// (its answer lost, or the queue, correction or recalibration rows that follow it not all written) writes those rows
    /// again from it. Null before the first decision, and for decisions stored before it existed.
    /// </summary>
    public DecisionOrigin? DecidedFrom { get; set; }

    /// <summary>Optimistic-concurrency tag of the stored row (for later updates with If-Match).</summary>
    public string? ETag { get; set; }
}

/// <summary>
/// The state a decision was made on: its action (<c>accept</c>, <c>reject</c>, <c>duplicate</c>, <c>recategorise</c>), the
/// category, status and review flag before it, and the classifier's category when the decision was the first over the
/// classifier's answer (else null).
/// </summary>
public sealed record DecisionOrigin(string Action, string Category, string Status, bool NeedsReview, string? ModelCategory);

/// <summary>One line of a reviewer's queue.</summary>
public sealed record ReviewListItem(
    string TrackingNumber,
    string Title,
    string Category,
    string Status,
    string Channel,
    string? District,
    DateTimeOffset ReceivedAt,
    double Confidence,
    bool NeedsReview,
    IReadOnlyList<string> Hints);

public sealed record ReviewPage(IReadOnlyList<ReviewListItem> Items, string? ContinuationToken);
