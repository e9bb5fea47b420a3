"""Flask extensions, created unbound here and bound to the app in create_app()."""
from flask_babel import Babel
from flask_compress import Compress
from flask_htmx import HTMX
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
migrate = Migrate()
htmx = HTMX()
csrf = CSRFProtect()
babel = Babel()
compress = Compress()
login = LoginManager()
