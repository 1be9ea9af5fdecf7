using Suggestions.Classification;
using Suggestions.Storage;

namespace Suggestions.Review;

public sealed record ReviewListResponse(
    string Campaign,
    string Category,
    string Status,
    IReadOnlyList<ReviewListItem> Items,
    string? Continuation);

/// <summary>Contact data as a reviewer sees it: masked; revealing it is an audited admin action.</summary>
public sealed record MaskedContact(string? Name, string? Phone, string? Email);

public sealed record ReviewDetail(
    string TrackingNumber,
    string CampaignId,
    string Channel,
    string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ClassifiedAt,
    DateTimeOffset UpdatedAt,
    string Title,
    string Content,
    string Category,
    string? CategoryName,
    double Confidence,
    bool NeedsReview,
    IReadOnlyList<CategoryScore> Alternatives,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<string> Hints,
    string? District,
    string? CitizenCategory,
    string? CitizenDistrict,
    string? ModelVersion,
    MaskedContact? Contact,
    bool Consent,
    string? PublicReply,
    string? DecisionReason,
    string? DuplicateOf,
    DateTimeOffset? DecidedAt,
    string? ETag);

/// <summary>
/// A reviewer's decision on one proposal. <c>action</c>: <c>accept</c>, <c>reject</c> (with
/// <c>reasonCode</c> and <c>publicReply</c>), <c>duplicate</c> (with <c>duplicateOf</c>) or
/// <c>recategorise</c> (with <c>category</c>); <c>category</c> may also accompany accept/reject/duplicate.
/// </summary>
public sealed record DecisionRequest(string? Action, string? Category, string? ReasonCode, string? PublicReply, string? DuplicateOf);

/// <summary>What a decision left: the new status and category, and the ETag for the next change.</summary>
public sealed record ReviewDecisionResult(
    string TrackingNumber,
    string Status,
    string Category,
    string? CategoryName,
    string? ReasonCode,
    string? PublicReply,
    string? DuplicateOf,
    DateTimeOffset DecidedAt,
    string? ETag);
