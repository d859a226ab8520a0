// The command line is wired in once the libraries land.
