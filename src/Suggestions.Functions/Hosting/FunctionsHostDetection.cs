using Microsoft.Extensions.Configuration;

namespace Suggestions.Hosting;

/// <summary>Tells whether the Functions host started this process (it passes the worker its endpoint).</summary>
public static class FunctionsHostDetection
{
    public const string HostEndpointSetting = "Functions:Worker:HostEndpoint";

    public static bool IsStartedByFunctionsHost(string[] args)
    {
        // The host passes the endpoint as command-line arguments and/or environment; read both the way the
        // worker does, without building a host.
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        return !string.IsNullOrEmpty(configuration[HostEndpointSetting])
            || !string.IsNullOrEmpty(configuration["functions-uri"])
            || !string.IsNullOrEmpty(configuration["Functions:Worker:WorkerId"]);
    }
}
