using System.Globalization;
using System.Text;

namespace Microchannels.Provider.Dashboard;

/// <summary>
/// A meter's plot, rendered here as SVG (no script library, no CDN): power in kW (amber, left
/// scale) and payments in sat (blue, right scale) against time. Only numbers go into it.
/// </summary>
public static class PlotSvg
{
    private const int Width = 480;
    private const int Height = 140;
    private const int Left = 44;
    private const int Right = 52;
    private const int Top = 10;
    private const int Bottom = 20;

    public static string Render(IReadOnlyList<PlotPoint> points, TimeSpan powerWindow)
    {
        ArgumentNullException.ThrowIfNull(points);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" class=\"frame\"/>");
        if (points.Count < 2)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\" class=\"axis\">collecting samples</text></svg>");
            return svg.ToString();
        }

        long t0 = points[0].TimeMs;
        long t1 = Math.Max(points[^1].TimeMs, t0 + 1);
        var power = new double[points.Count];
        for (int i = 0; i < points.Count; i++)
        {
            power[i] = DashboardSampler.PowerOf(points, i) / 1000;
        }

        double powerMax = Nice(power.Max());
        double paidMax = Nice(points[^1].PaidMsat / 1000.0);
        svg.Append(Line(points, t0, t1, i => power[i] / powerMax, "power"));
        svg.Append(Line(points, t0, t1, i => points[i].PaidMsat / 1000.0 / paidMax, "paid"));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 8}\" text-anchor=\"end\" class=\"axis power\">{powerMax:0.##} kW</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Height - Bottom}\" text-anchor=\"end\" class=\"axis power\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 4}\" y=\"{Top + 8}\" class=\"axis paid\">{paidMax:#,0.###} sat</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 4}\" y=\"{Height - Bottom}\" class=\"axis paid\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 4}\" class=\"axis\">-{(t1 - t0) / 1000.0:0} s</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 4}\" text-anchor=\"end\" class=\"axis\">now (power over {powerWindow.TotalSeconds:0} s)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Line(IReadOnlyList<PlotPoint> points, long t0, long t1, Func<int, double> value, string kind)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"<polyline class=\"{kind}\" points=\"");
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;
        for (int i = 0; i < points.Count; i++)
        {
            double x = Left + ((points[i].TimeMs - t0) * plotWidth / (t1 - t0));
            double y = Top + plotHeight - (Math.Clamp(value(i), 0, 1) * plotHeight);
            line.Append(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#} ");
        }

        line.Append("\"/>");
        return line.ToString();
    }

    /// <summary>A round ceiling for a scale: 1, 2 or 5 times a power of ten, at least the value.</summary>
    private static double Nice(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1.0, 2, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
