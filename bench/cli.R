# R side of bench/cli.ts, end to end as an analyst runs it: read.csv + svydesign + svyciprop(logit) + svyby.
# Usage: Rscript bench/cli.R rows.csv  → JSON on stdout (estimates, SEs, CIs, seconds).
started <- Sys.time()
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
data <- read.csv(commandArgs(TRUE)[1])
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = data, nest = TRUE)
overall <- svyciprop(~literate, des, method = "logit")
byRegion <- svyby(~literate, ~region, des, svyciprop, method = "logit", vartype = c("se", "ci"))
seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
cat(toJSON(list(
  seconds = seconds,
  overall = list(estimate = as.numeric(coef(overall)), se = as.numeric(SE(overall)), ci = as.numeric(confint(overall))),
  byRegion = list(region = as.character(byRegion$region), estimate = as.numeric(byRegion$literate), se = as.numeric(byRegion$se), ciLow = as.numeric(byRegion$ci_l), ciHigh = as.numeric(byRegion$ci_u))
), auto_unbox = TRUE, digits = NA))
