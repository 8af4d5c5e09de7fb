from gugus.cli import main

raise SystemExit(main())
