using System.Text.Json;
using System.Text.Json.Serialization;

namespace Suggestions.Queueing;

/// <summary>Where a proposal came in.</summary>
public static class Channels
{
    public const string Web = "web";
    public const string Qr = "qr";
    public const string Letter = "letter";
    public const string WeChat = "wechat";
    public const string Email = "email";
}

/// <summary>Contact details a citizen chose to give. Personal data: never logged, masked for reviewers.</summary>
public sealed record ContactDetails(string? Name, string? Phone, string? Email);

/// <summary>
/// One proposal on <c>suggestions-incoming</c>, every channel alike. Versioned: a consumer rejects a
/// <see cref="SchemaVersion"/> it does not know rather than guessing. When the serialized message would
/// not fit a queue message, <see cref="Proposal"/> is null and <see cref="ClaimCheck"/> names the blob
/// holding the full message.
/// </summary>
public sealed record SuggestionMessage(
    int SchemaVersion,
    string TrackingNumber,
    string? ClaimCheck,
    ProposalPayload? Proposal)
{
    public const int CurrentVersion = 1;
}

/// <summary>The proposal itself, as accepted (already validated and sanitised) at intake.</summary>
public sealed record ProposalPayload(
    string CampaignId,
    string Channel,
    DateTimeOffset ReceivedAt,
    string Title,
    string Content,
    string? CitizenCategory,
    string? CitizenDistrict,
    ContactDetails? Contact,
    bool Consent);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SuggestionMessage))]
internal sealed partial class QueueJsonContext : JsonSerializerContext;
