module vanthu

go 1.26
