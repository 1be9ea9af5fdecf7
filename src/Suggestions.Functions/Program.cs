using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Suggestions.Hosting;
using Suggestions.Hosting.Local;

if (FunctionsHostDetection.IsStartedByFunctionsHost(args))
{
    // Under the Functions host (Azure, or `func start`): the isolated worker with ASP.NET Core integration.
    var functions = FunctionsApplication.CreateBuilder(args);
    functions.ConfigureFunctionsWebApplication();
    functions.Services.AddApplicationServices();
    functions.Build().Run();
}
else
{
    // Local mode: the same functions, served from the SDK-generated functions.metadata (architecture.md §1).
    var local = WebApplication.CreateBuilder(args);
    local.Services.AddApplicationServices();
    local.AddLocalFunctionsHost();
    var app = local.Build();
    app.UseLocalFunctionsHost();
    app.Run();
}

/// <summary>Entry point; public so that tests can host the local mode with WebApplicationFactory.</summary>
public partial class Program;
