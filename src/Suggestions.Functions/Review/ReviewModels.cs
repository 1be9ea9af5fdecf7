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
    string? ETag);
