import QtQuick
import QtQuick.Layouts
import ".."

// On the result: the case's appointments in one list (its bookings, which can be moved and
// cancelled here, and one the office arranged), what just happened to one, and booking a new
// one. Bookings are bound to the case that was looked up.
ColumnLayout {
    id: section
    required property QtObject resultVm
    required property QtObject bookingVm
    spacing: Math.round(Theme.spacing / 2)
    visible: bookingVm.canBook || resultVm.appointments.length > 0

    BodyText {
        Layout.fillWidth: true
        text: qsTr("Your appointments")
        font.pixelSize: Theme.heading
        font.weight: Font.Bold
    }

    Rectangle {
        objectName: "booking_notice_box"
        visible: section.bookingVm.notice !== ""
        Layout.fillWidth: true
        Layout.preferredHeight: noticeText.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        border.width: 3
        border.color: Theme.toneGood
        BodyText {
            id: noticeText
            objectName: "booking_notice"
            anchors.fill: parent
            anchors.margins: Theme.spacing
            text: section.bookingVm.notice
            font.weight: Font.DemiBold
        }
    }

    BodyText {
        objectName: "no_appointments"
        visible: section.resultVm.appointments.length === 0
        Layout.fillWidth: true
        text: qsTr("You have no appointment booked.")
        color: Theme.textMuted
    }

    Repeater {
        model: section.resultVm.appointments
        delegate: Rectangle {
            id: card
            required property var modelData
            // Bookings are numbered among themselves (move_0, cancel_0 …).
            readonly property int bookingIndex: modelData.index
            readonly property bool byOffice: modelData.byOffice
            objectName: byOffice ? "office_appointment" : "appointment_" + bookingIndex
            Layout.fillWidth: true
            Layout.preferredHeight: cardColumn.implicitHeight + 2 * Theme.spacing
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border
            border.width: 2
            ColumnLayout {
                id: cardColumn
                anchors.fill: parent
                anchors.margins: Theme.spacing
                spacing: Math.round(Theme.spacing / 3)
                BodyText {
                    objectName: card.byOffice ? "office_appointment_when" : "appointment_when"
                    Layout.fillWidth: true
                    text: card.modelData.when
                    font.weight: Font.Bold
                }
                BodyText {
                    objectName: card.byOffice ? "" : "appointment_service"
                    visible: text !== ""
                    Layout.fillWidth: true
                    text: card.modelData.serviceName
                }
                BodyText {
                    objectName: "office_appointment_note"
                    visible: card.byOffice
                    Layout.fillWidth: true
                    text: qsTr("Arranged by the office. To change it, please ask at the counter.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
                BodyText {
                    objectName: card.byOffice ? "" : "appointment_pending"
                    visible: card.modelData.pending
                    Layout.fillWidth: true
                    text: qsTr("Booked at this kiosk: final, on its way to the office.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.small
                }
                // The office's appointment is changed at the counter: nothing to tap here.
                RowLayout {
                    visible: !card.byOffice
                    Layout.fillWidth: true
                    Layout.topMargin: Math.round(Theme.spacing / 3)
                    spacing: Theme.spacing
                    BigButton {
                        objectName: "move_" + card.bookingIndex
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        pixelSize: Theme.body
                        text: qsTr("Move appointment")
                        accessibleName: qsTr("Move the appointment on {when}")
                                            .replace("{when}", card.modelData.when)
                        onClicked: section.bookingVm.startMove(card.modelData.bookingId)
                    }
                    BigButton {
                        objectName: "cancel_" + card.bookingIndex
                        Layout.fillWidth: true
                        Layout.preferredWidth: 100
                        pixelSize: Theme.body
                        text: qsTr("Cancel appointment")
                        accessibleName: qsTr("Cancel the appointment on {when}")
                                            .replace("{when}", card.modelData.when)
                        onClicked: section.bookingVm.startCancel(card.modelData.bookingId)
                    }
                }
            }
        }
    }

    BigButton {
        objectName: "book_appointment"
        visible: section.bookingVm.canBook
        Layout.fillWidth: true
        Layout.topMargin: Math.round(Theme.spacing / 2)
        // The main action when the office asks for a visit and nothing is booked yet.
        primary: section.resultVm.appointments.length === 0
                 && (section.resultVm.statusKey === "appointment_required"
                     || section.resultVm.statusKey === "ready_for_pickup")
        text: qsTr("Book an appointment")
        onClicked: section.bookingVm.startBooking()
    }
}
