// Package plots draws the experiments' plots with gonum/plot and saves each as <base>.png and
// <base>.svg, atomically: learning curves with their spread (CurvesFrom, LearningCurves),
// estimates with intervals (PointsWithErrors), grouped bars (GroupedBars), heat maps with a
// colour bar (Grid, HeatMap, ColorBar), tiled overviews (SaveTiles), and the helpers of the
// paper's figures (NewPlot, Sample, AddLine, …, SaveFigure). NaN values (diverged runs) are left
// out of the drawing, never passed to gonum/plot, which rejects them.
package plots
