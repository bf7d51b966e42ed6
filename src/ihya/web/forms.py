"""What every form shares: forms parse the request; the services check the rules and their
problems are put back on the form's fields."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ihya.errors import ServiceError


class ShowsServiceErrors:
    """A form that shows a service's refusal: each problem on the field it names (through
    ``FIELD_OF`` when the service's input and the form's field are named differently), the
    others above the form. The problem's code is kept (``form.errors.as_data()``)."""

    FIELD_OF: dict[str, str] = {}

    def show(self, error: ServiceError) -> None:
        for problem in error.problems:
            name = self.FIELD_OF.get(problem.field or "", problem.field)
            target = name if name in self.fields and name != "version" else None
            self.add_error(target, ValidationError(problem.text(), code=problem.code))
