console.log("ui")
