using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suggestions.Storage;

namespace Suggestions.Hosting.Local;

/// <summary>Marks an endpoint that serves a function, with the function's name.</summary>
public sealed record LocalFunctionEndpoint(string FunctionName);

/// <summary>Local mode: serves every function in <c>functions.metadata</c> without the Functions host.</summary>
public static class LocalFunctionsHost
{
    public const string DefaultUrl = "http://localhost:7071";

    public static WebApplicationBuilder AddLocalFunctionsHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var directory = AppContext.BaseDirectory;
        var functions = FunctionMetadata.Load(directory);
        var services = builder.Services;
        services.AddSingleton(sp => HostJsonSettings.Load(directory, sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IReadOnlyList<FunctionMetadata>>(functions);

        // The emulator must be up before anything touches storage: first hosted service of all.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, LocalStorageEmulator>());

        foreach (var function in functions)
        {
            if (IsDisabled(builder.Configuration, function.Name))
            {
                continue;
            }

            var trigger = function.Trigger;
            switch (trigger?.Type.ToLowerInvariant())
            {
                case "queuetrigger":
                    services.AddSingleton<IHostedService>(sp =>
                    {
                        var queueName = Resolve(sp.GetRequiredService<IConfiguration>(), trigger.QueueName!);
                        var raw = sp.GetRequiredService<IAzureClientFactory<QueueServiceClient>>().CreateClient(StorageClientNames.Raw);
                        return ActivatorUtilities.CreateInstance<QueueTriggerListener>(
                            sp,
                            new FunctionInvoker(function),
                            raw.GetQueueClient(queueName),
                            raw.GetQueueClient(queueName + StorageNames.PoisonSuffix),
                            sp.GetRequiredService<HostJsonSettings>().Queues);
                    });
                    break;
                case "timertrigger":
                    services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<TimerTriggerRunner>(
                        sp, new FunctionInvoker(function), Resolve(sp.GetRequiredService<IConfiguration>(), trigger.Schedule!), trigger.RunOnStartup ?? false));
                    break;
                case "httptrigger":
                    break;
                default:
                    throw new NotSupportedException($"Function {function.Name}: local mode does not run '{trigger?.Type}' triggers.");
            }
        }

        return builder;
    }

    public static WebApplication UseLocalFunctionsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Never a stack trace to a citizen: a ProblemDetails with a code, the details in the log.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();

        var host = app.Services.GetRequiredService<HostJsonSettings>();
        var prefix = host.RoutePrefix.Trim('/');
        foreach (var function in app.Services.GetRequiredService<IReadOnlyList<FunctionMetadata>>())
        {
            var trigger = function.Trigger;
            if (!string.Equals(trigger?.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase) || IsDisabled(app.Configuration, function.Name))
            {
                continue;
            }

            var invoker = new FunctionInvoker(function);
            var route = trigger!.Route ?? function.Name;
            var pattern = prefix.Length == 0 ? $"/{route}" : $"/{prefix}/{route}";
            var methods = trigger.Methods is { Count: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"];
            app.MapMethods(pattern, methods, invoker.InvokeHttpAsync)
                .WithDisplayName(function.Name)
                .WithMetadata(new LocalFunctionEndpoint(function.Name));
        }

        return app;
    }

    /// <summary>The host's switch for one function: app setting <c>AzureWebJobs.&lt;name&gt;.Disabled</c>.</summary>
    public static bool IsDisabled(IConfiguration configuration, string functionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return bool.TryParse(configuration[$"AzureWebJobs.{functionName}.Disabled"], out var disabled) && disabled;
    }

    /// <summary>Binding expressions like <c>%QueueName%</c> come from app settings, as under the host.</summary>
    private static string Resolve(IConfiguration configuration, string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, "%([^%]+)%", m =>
            configuration[m.Groups[1].Value] ?? throw new InvalidOperationException($"App setting '{m.Groups[1].Value}' used in a binding is not set."));
}

/// <summary>
/// Starts Azurite when storage points at the emulator and nothing listens there yet; stops it on exit.
/// Data lives in a git-ignored folder (<c>.azurite/</c> at the repository root by default).
/// </summary>
public sealed partial class LocalStorageEmulator(StorageConnection connection, IConfiguration configuration, ILogger<LocalStorageEmulator> logger) : IHostedService
{
    private AzuriteLauncher? _launcher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!connection.IsDevelopmentStorage || !configuration.GetValue("Local:StartAzurite", true))
        {
            return;
        }

        var (blob, queue, table) = EmulatorPorts(connection.ConnectionString!);
        if (await AzuriteLauncher.IsListeningAsync(queue, cancellationToken))
        {
            LogAlreadyRunning(logger, queue);
            return;
        }

        var tool = configuration["Local:AzuriteToolPath"]
            ?? AzuriteSettings.FindToolDirectory(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("Storage emulator not running and tools/azurite not found; set Local:AzuriteToolPath or start Azurite.");
        var data = configuration["Local:AzuriteDataPath"] ?? Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(tool))!, ".azurite");
        LogStarting(logger, tool, data);
        _launcher = await AzuriteLauncher.StartAsync(new AzuriteSettings(tool, blob, queue, table, data), cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_launcher is not null)
        {
            await _launcher.DisposeAsync();
        }
    }

    /// <summary>The emulator's ports from the connection string (10000–10002 for UseDevelopmentStorage=true).</summary>
    public static (int Blob, int Queue, int Table) EmulatorPorts(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        int Port(string key, int fallback)
        {
            foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var pair = part.Split('=', 2);
                if (pair.Length == 2 && pair[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(pair[1].Trim(), UriKind.Absolute, out var uri))
                {
                    return uri.Port;
                }
            }

            return fallback;
        }

        return (Port("BlobEndpoint", 10000), Port("QueueEndpoint", 10001), Port("TableEndpoint", 10002));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage emulator already listening on port {QueuePort}")]
    private static partial void LogAlreadyRunning(ILogger logger, int queuePort);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting Azurite from {ToolDirectory}, data in {DataDirectory}")]
    private static partial void LogStarting(ILogger logger, string toolDirectory, string dataDirectory);
}
