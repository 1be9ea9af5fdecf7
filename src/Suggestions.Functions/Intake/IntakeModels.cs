namespace Suggestions.Intake;

/// <summary>The acknowledgement a citizen gets: api.md's 202 body.</summary>
public sealed record SubmissionReceipt(string TrackingNumber, string Status, DateTimeOffset ReceivedAt, string StatusUrl);

/// <summary>
/// What anyone holding the tracking number may see: no text, no contact data. The dates are absent while
/// a proposal is acknowledged but not yet filed (the 202 gave its received time).
/// </summary>
public sealed record PublicStatus(
    string TrackingNumber,
    string Status,
    string? Category,
    string? CategoryName,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? UpdatedAt,
    string? PublicReply);
