using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Suggestions.Hosting.Local;

/// <summary>
/// The parts of <c>host.json</c> local mode honours, with the host's defaults, overridable by app settings
/// the way the host allows (<c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c>).
/// </summary>
public sealed record HostJsonSettings(string RoutePrefix, QueueTriggerSettings Queues)
{
    public static HostJsonSettings Load(string directory, IConfiguration appConfiguration)
    {
        ArgumentNullException.ThrowIfNull(appConfiguration);
        var builder = new ConfigurationBuilder();
        var path = Path.Combine(directory, "host.json");
        if (File.Exists(path))
        {
            builder.AddJsonFile(path, optional: false);
        }

        var hostJson = builder.Build();
        string? Get(string key) => appConfiguration[$"AzureFunctionsJobHost:{key}"] ?? hostJson[key];

        var batchSize = Int(Get("extensions:queues:batchSize"), 16);
        var queues = new QueueTriggerSettings(
            BatchSize: Math.Clamp(batchSize, 1, 32),
            NewBatchThreshold: Int(Get("extensions:queues:newBatchThreshold"), batchSize / 2 * Environment.ProcessorCount),
            MaxPollingInterval: Time(Get("extensions:queues:maxPollingInterval"), TimeSpan.FromMinutes(1)),
            VisibilityTimeout: Time(Get("extensions:queues:visibilityTimeout"), TimeSpan.Zero),
            MaxDequeueCount: Int(Get("extensions:queues:maxDequeueCount"), 5),
            Base64Encoding: !string.Equals(Get("extensions:queues:messageEncoding"), "none", StringComparison.OrdinalIgnoreCase));
        return new HostJsonSettings(Get("extensions:http:routePrefix") ?? "api", queues);
    }

    private static int Int(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private static TimeSpan Time(string? value, TimeSpan fallback) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;
}

/// <summary>The queue trigger's knobs (host.json <c>extensions.queues</c>).</summary>
public sealed record QueueTriggerSettings(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    bool Base64Encoding);
