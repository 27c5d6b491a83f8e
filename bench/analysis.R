# R side of bench/analysis.ts: svymean + svyby for literacy and awareness on the same rows.
# Usage: Rscript bench/analysis.R rows.csv  → JSON on stdout (estimates, SEs, seconds).
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
data <- read.csv(commandArgs(TRUE)[1])
timing <- system.time({
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = data, nest = TRUE)
  lit <- svymean(~literate, des)
  aw <- svyratio(~correct, ~asked, des)
  litBy <- svyby(~literate, ~region, des, svymean)
  awBy <- svyby(~correct, ~region, des, svyratio, denominator = ~asked)
})
cat(toJSON(list(
  seconds = unname(timing[["elapsed"]]),
  literacy = list(estimate = unname(coef(lit)), se = unname(SE(lit))),
  awareness = list(estimate = unname(coef(aw)), se = unname(SE(aw))),
  literacyByRegion = list(region = as.character(litBy$region), estimate = unname(coef(litBy)), se = unname(SE(litBy))),
  awarenessByRegion = list(region = as.character(awBy$region), estimate = unname(coef(awBy)), se = unname(SE(awBy)))
), auto_unbox = TRUE, digits = NA))
