using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microchannels.Provider.DataDirectory;

namespace Microchannels.Provider.Dashboard;

/// <summary>
/// The dashboard's routes, on its own listener only: the page and its script and style (kept in
/// Page/, embedded in the daemon), <c>/snapshot</c> (JSON) and <c>/events</c> (server-sent
/// events, one snapshot per interval). GET only; nothing here changes the node.
/// </summary>
public static class DashboardEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Registers the sampler; call only when the dashboard is on.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, DashboardOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<DashboardSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardSampler>());
        return services;
    }

    /// <summary>Maps the routes on the dashboard's port alone, behind the token check when it is not on loopback.</summary>
    public static void MapDashboard(this WebApplication app, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        string host = $"*:{options.Listen!.Port}";
        var data = app.Services.GetRequiredService<ProviderDataDirectory>();
        var group = app.MapGroup("").RequireHost(host);
        group.AddEndpointFilter(async (context, next) =>
            options.RequiresToken && !Authorized(context.HttpContext.Request, data)
                ? Results.Text("the dashboard needs ?token=<readonly.token> on this address", statusCode: StatusCodes.Status401Unauthorized)
                : await next(context).ConfigureAwait(false));
        group.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        group.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        group.MapGet("/dashboard.css", () => Asset("dashboard.css", "text/css; charset=utf-8"));
        group.MapGet("/snapshot", (DashboardSampler sampler) => Results.Json(sampler.Latest ?? sampler.Sample(), Json));
        group.MapGet("/events", StreamAsync);
    }

    /// <summary>Server-sent events: the newest snapshot at once, then one per interval until the page goes away.</summary>
    private static async Task StreamAsync(HttpContext context, DashboardSampler sampler, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        var snapshot = sampler.Latest ?? sampler.Sample();
        try
        {
            while (true)
            {
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(snapshot, Json);
                await response.Body.WriteAsync("event: snapshot\ndata: "u8.ToArray(), stop.Token).ConfigureAwait(false);
                await response.Body.WriteAsync(json, stop.Token).ConfigureAwait(false);
                await response.Body.WriteAsync("\n\n"u8.ToArray(), stop.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                snapshot = await sampler.NextAsync().WaitAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed, or the daemon stops.
        }
    }

    private static bool Authorized(HttpRequest request, ProviderDataDirectory data)
    {
        byte[] token = Encoding.ASCII.GetBytes(request.Query["token"].ToString());
        return CryptographicOperations.FixedTimeEquals(token, Encoding.ASCII.GetBytes(data.ReadOnlyToken))
            || CryptographicOperations.FixedTimeEquals(token, Encoding.ASCII.GetBytes(data.AdminToken));
    }

    private static IResult Asset(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard's {name} is not embedded in the daemon.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }
}
