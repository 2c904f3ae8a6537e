import QtQuick
import QtQuick.Layouts
import ".."
import "../components"

// Booking, step 2: a calendar of the booking window with the free times per day; a day
// without free times cannot be chosen. Right to left, the weeks run from the right.
BookingPage {
    id: page
    title: page.moving ? qsTr("Choose a new day") : qsTr("Choose a day")
    subtitle: page.moving ? page.bookingVm.subjectText : page.bookingVm.serviceName
    step: 2

    readonly property int cellGap: Math.round(Theme.spacing / 3)
    readonly property real cellWidth: (calendarGrid.width - 6 * cellGap) / 7
    // Room for a month name, the day and the free count, at any text size.
    readonly property int cellHeight: Math.max(
        Theme.touchMin,
        Math.round((Theme.heading + 2 * Math.round(Theme.small * 0.85)) * 1.3 + Theme.spacing / 2))

    // Offline, only this kiosk's few reserved times are bookable: say so before the counts
    // ("2 free", "0 free") puzzle anyone.
    Rectangle {
        objectName: "offline_days_box"
        visible: !page.bookingVm.online
        Layout.fillWidth: true
        Layout.preferredHeight: offlineDays.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.toneAction
        BodyText {
            id: offlineDays
            objectName: "offline_days_note"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: qsTr("This kiosk has no connection to the office right now. It can book only the few times reserved for this kiosk. More times appear when the connection is back.")
        }
    }

    BodyText {
        objectName: "calendar_title"
        Layout.fillWidth: true
        text: page.bookingVm.calendarTitle
        font.pixelSize: Theme.heading
        font.weight: Font.DemiBold
    }

    BodyText {
        objectName: "no_free_days"
        visible: page.bookingVm.noFreeDays
        Layout.fillWidth: true
        text: qsTr("There are no free times for this in the next weeks. Please ask at the counter.")
        color: Theme.errorText
        font.weight: Font.DemiBold
    }

    Row {
        Layout.fillWidth: true
        spacing: page.cellGap
        Repeater {
            model: page.bookingVm.weekdays
            delegate: Text {
                required property string modelData
                width: page.cellWidth
                text: modelData
                horizontalAlignment: Text.AlignHCenter
                color: Theme.textMuted
                font.family: Theme.fontFamily
                font.pixelSize: Theme.small
                // Persian and Arabic day names are long: shrink a little rather than cut.
                fontSizeMode: Text.HorizontalFit
                minimumPixelSize: Math.round(Theme.small * 0.7)
                elide: Text.ElideRight
            }
        }
    }

    Grid {
        id: calendarGrid
        objectName: "booking_calendar"
        Layout.fillWidth: true
        columns: 7
        spacing: page.cellGap
        Repeater {
            model: page.bookingVm.calendar
            delegate: Rectangle {
                id: cell
                required property var modelData
                objectName: "day_" + modelData.iso
                width: page.cellWidth
                height: page.cellHeight
                radius: Theme.radius
                visible: true
                enabled: modelData.enabled
                color: !modelData.inWindow ? "transparent"
                       : !modelData.enabled ? Theme.background
                       : dayArea.pressed ? Theme.secondaryPressed : Theme.surface
                border.width: modelData.inWindow ? (modelData.enabled ? 2 : 1) : 0
                border.color: modelData.enabled ? Theme.primary : Theme.border

                Accessible.role: Accessible.Button
                Accessible.name: modelData.accessibleName
                Accessible.ignored: !modelData.inWindow
                Accessible.onPressAction: if (cell.enabled) page.bookingVm.chooseDay(modelData.iso)

                Column {
                    anchors.centerIn: parent
                    width: parent.width - 8
                    spacing: 0
                    Text {
                        visible: cell.modelData.month !== ""
                        width: parent.width
                        text: cell.modelData.month
                        horizontalAlignment: Text.AlignHCenter
                        color: cell.modelData.enabled ? Theme.text : Theme.textMuted
                        font.family: Theme.fontFamily
                        font.pixelSize: Math.round(Theme.small * 0.85)
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                    }
                    Text {
                        width: parent.width
                        text: cell.modelData.label
                        horizontalAlignment: Text.AlignHCenter
                        color: cell.modelData.enabled ? Theme.text : Theme.textMuted
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.heading
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                    }
                    Text {
                        width: parent.width
                        text: cell.modelData.freeText
                        horizontalAlignment: Text.AlignHCenter
                        color: cell.modelData.enabled ? Theme.toneGood : Theme.textMuted
                        font.family: Theme.fontFamily
                        font.pixelSize: Math.round(Theme.small * 0.85)
                        elide: Text.ElideRight
                    }
                }
                MouseArea {
                    id: dayArea
                    anchors.fill: parent
                    onClicked: page.bookingVm.chooseDay(cell.modelData.iso)
                }
            }
        }
    }
}
