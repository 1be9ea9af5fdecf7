using Suggestions.Hosting.Local;

[assembly: AssemblyFixture(typeof(Suggestions.Tests.Infrastructure.AzuriteFixture))]

// The app factories of different test classes share one emulator and its queues; running classes one at a
// time keeps one set of queue listeners alive at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Suggestions.Tests.Infrastructure;

/// <summary>One real Azurite (in memory, free ports) for the whole test run, started by the tests themselves.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _launcher;

    public string ConnectionString => _launcher!.Settings.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        var tool = AzuriteSettings.FindToolDirectory(AppContext.BaseDirectory, Directory.GetCurrentDirectory())
            ?? throw new InvalidOperationException("tools/azurite not found above the test folder.");
        var settings = new AzuriteSettings(tool, AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), AzuriteSettings.FreePort(), DataDirectory: null);
        _launcher = await AzuriteLauncher.StartAsync(settings, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_launcher is not null)
        {
            await _launcher.DisposeAsync();
        }
    }
}
