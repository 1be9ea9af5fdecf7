using Microsoft.Extensions.Options;

namespace Suggestions.Common;

public sealed class CityOptions
{
    public const string SectionName = "City";

    /// <summary>IANA time zone of the city; its day boundaries are the ones citizens and officials mean.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>Shows instants in the city's local time (ISO 8601 with the +08:00 offset).</summary>
public sealed class CityClock(IOptions<CityOptions> options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);
}
