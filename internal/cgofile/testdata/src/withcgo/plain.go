package withcgo

func Plain() int { return 1 }
