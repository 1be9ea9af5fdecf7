namespace Suggestions.Campaigns;

public sealed record CategoryView(string Code, string Name, string NameEn, string Description);

public sealed record ChannelView(string Code, string Description, string? Address);

public sealed record CampaignView(
    string Id,
    string Title,
    DateTimeOffset Opens,
    DateTimeOffset? Closes,
    bool IsOpen,
    IReadOnlyList<string> Criteria,
    IReadOnlyList<ChannelView> Channels,
    string EmailSubjectTag,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Districts);
