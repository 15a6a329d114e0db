using System.Text.RegularExpressions;
using Microchannels.Demo.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Microchannels.Demo.Tests;

/// <summary>
/// Issue 13 "Live dashboard", in a real browser: Debian's chromium through chromium-driver
/// (scripts/test.sh installs both). The demo runs with --keep, so the provider daemon's
/// dashboard shows live channels; the page loads with no console error, shows the meters, and
/// its numbers and plots change after an interval; a screenshot is kept. Ctrl-C then stops the
/// demo cleanly, with nothing left behind.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed partial class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";

    [Fact]
    public async Task Dashboard_shows_the_meters_live_without_console_errors_and_the_demo_stops_cleanly_on_ctrl_c()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver), "chromium and chromium-driver are missing: run ./scripts/test.sh (it installs them) or apt-get install -y chromium chromium-driver");
        await using var demo = DemoProcess.Start("--chain", "embedded", "--meters", "2", "--seconds", "1", "--interval", "1", "--keep");
        var open = await demo.WaitForLineAsync(Opened(), TimeSpan.FromMinutes(10));
        string url = open.Groups[1].Value;
        output.WriteLine($"dashboard at {url}");

        using (var browser = StartChromium(demo.Directory))
        {
            browser.Navigate().GoToUrl(url);
            // Each snapshot re-renders the page: read values, never hold elements across a wait.
            var meters = await WaitAsync(() => browser.FindElements(By.CssSelector("#channels tbody tr")).Select(row => row.GetAttribute("data-meter")).ToList(), r => r.Count == 2, "the two meters in the table");
            Assert.All(meters, meter => Assert.Matches("^[0-9a-f]{16}", meter));
            Assert.Equal(2, await WaitAsync(() => browser.FindElements(By.CssSelector("#plots svg.plot")).Count, _ => true, "the plots"));
            string received = await WaitAsync(() => browser.FindElement(By.Id("received")).Text, _ => true, "the received total");
            string plots = await WaitAsync(() => Plots(browser), _ => true, "the plots' points");
            string table = await WaitAsync(() => browser.FindElement(By.CssSelector("#channels tbody")).Text, _ => true, "the table");
            output.WriteLine($"first: received {received}\n{table}");

            // One interval later (1 s) the daemon has sent new snapshots: new payments, new points.
            await WaitAsync(() => browser.FindElement(By.Id("received")).Text, r => r != received, "the received total to change");
            await WaitAsync(() => Plots(browser), p => p != plots, "the plots to change");
            await WaitAsync(() => browser.FindElement(By.CssSelector("#channels tbody")).Text, t => t != table, "the table to change");
            Assert.Matches(@"regtest height \d+", await WaitAsync(() => browser.FindElement(By.Id("chain")).Text, _ => true, "the chain status"));

            string artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");
            Directory.CreateDirectory(artifacts);
            string screenshot = Path.Combine(artifacts, "dashboard.png");
            ((ITakesScreenshot)browser).GetScreenshot().SaveAsFile(screenshot);
            output.WriteLine($"screenshot: {screenshot}");
            Console.WriteLine($"dashboard screenshot: {screenshot}");

            var errors = browser.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Warning).ToList();
            Assert.True(errors.Count == 0, "console: " + string.Join("\n", errors.Select(e => $"{e.Level} {e.Message}")));
        }

        // Ctrl-C: the demo stops its daemons and, with --keep, ends with 0; no process is left.
        demo.Signal(DemoProcess.SigInt);
        int code = await demo.WaitForExitAsync(TimeSpan.FromMinutes(5));
        output.WriteLine(demo.Output);
        Assert.Equal(0, code);
        Assert.Empty(demo.Leftovers());
    }

    private static ChromeDriver StartChromium(string directory)
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };

        // This machine's network is closed: nothing of Chromium's own may reach out.
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1400,1000", $"--user-data-dir={Path.Combine(directory, "chromium-profile")}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static string Plots(IWebDriver browser) => string.Join("|", browser.FindElements(By.CssSelector("#plots polyline")).Select(p => p.GetAttribute("points")));

    private static async Task<T> WaitAsync<T>(Func<T> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                T value = read();
                if (condition(value))
                {
                    return value;
                }
            }
            catch (StaleElementReferenceException)
            {
                // A snapshot replaced the element between finding and reading it: read again.
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {what} in 30 s");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"all \d+ channels open after .* Dashboard: (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Opened();
}
