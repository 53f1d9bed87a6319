export {
  WorkingCalendar,
  builtInScheduleYears,
  type CalendarDay,
  type CalendarOptions,
  type DayInfo,
  type DayKind,
} from './calendar';
export { addDays, todayInChina, toDayNumber, weekdayOf, type IsoDate } from './dates';
export {
  loadCalendar,
  refreshCalendar,
  currentCalendar,
  setCurrentCalendar,
  saveCalendarYear,
  listCalendarDays,
  expandSchedule,
  isWorkingDay,
  addWorkingDays,
  workingDaysBetween,
  knownThrough,
  type ScheduleEntry,
} from './calendar.service';
export { loadCalendarFile, loadCalendarYaml } from './calendar.loader';
